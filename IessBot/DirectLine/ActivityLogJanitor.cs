using IessBot.Evidence;
using Microsoft.Extensions.Options;

namespace IessBot.DirectLine;

/// <summary>
/// Deletes conversations whose last activity is older than <see cref="DirectLineOptions.ActivityLogRetention"/>, with
/// their activity logs and uploaded files (the copies the filing kept as evidence are separate and stay). The logs
/// hold personal data: they are kept no longer than a citizen needs to reload the page and carry on.
/// </summary>
public sealed partial class ActivityLogJanitor(
    IDirectLineStore store,
    ConversationLog log,
    IEvidenceStore evidence,
    TimeProvider time,
    IOptions<DirectLineOptions> options,
    ILogger<ActivityLogJanitor> logger) : BackgroundService
{
    /// <summary>One pass: removes what has expired now; returns how many uploaded files went with it.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var files = 0;
        ExpiredConversations expired;
        do
        {
            expired = await store.DeleteExpiredAsync(time.GetUtcNow(), cancellationToken);
            log.Forget(expired.ConversationIds);
            foreach (var evidenceId in expired.EvidenceIds)
            {
                await evidence.DeleteAsync(evidenceId, cancellationToken);
            }
            files += expired.EvidenceIds.Count;
        }
        while (expired.ConversationIds.Count > 0);
        log.ForgetIdle(options.Value.CleanupInterval);
        return files;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        do
        {
            try
            {
                var files = await SweepAsync(stoppingToken);
                LogSwept(files);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(exception.GetType().FullName);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Expired Direct Line logs removed, with {FileCount} uploaded files")]
    private partial void LogSwept(int fileCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing expired Direct Line logs failed with {ExceptionType}; the next pass tries again")]
    private partial void LogSweepFailed(string? exceptionType);
}
