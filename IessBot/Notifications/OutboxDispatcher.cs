using Microsoft.Extensions.Options;

namespace IessBot.Notifications;

/// <summary>
/// Sends what the outbox holds, channel by channel through the registered <see cref="IOutboxSender"/>s. Claims due
/// messages with a lease, sends each, and settles it: sent; retried later
/// with exponential backoff (connection failures, 4xx); or a dead letter (5xx, or <see cref="NotificationOptions.MaxAttempts"/>
/// reached). Several instances can run against one store: a message is sent by the holder of its claim only.
/// </summary>
/// <remarks>
/// Exactly once, and its one window: if the process dies after the SMTP server accepted a message and before it is
/// marked sent (milliseconds: one local database write), the lease runs out and the message is sent again, with
/// the same Message-Id (<c>&lt;case-number&gt;.confirmacion@&lt;domain&gt;</c>) so it is recognisable as the same e-mail.
/// </remarks>
public sealed partial class OutboxDispatcher(
    IOutbox outbox,
    IEnumerable<IOutboxSender> senders,
    IMailTransport transport,
    OutboxSignal signal,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly NotificationOptions _options = options.Value;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (transport is PickupDirectoryMailTransport)
        {
            LogPickupDirectory(transport.Description);
        }
        else
        {
            LogSmtp(transport.Description);
        }
        if (!_options.DispatcherEnabled)
        {
            LogDispatcherOff();
            return Task.CompletedTask;
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await DispatchDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogDispatchFailed(exception.GetType().Name);
            }
            if (claimed < _options.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One round: claims a batch per channel and settles each message. Returns the largest batch claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var largest = 0;
        foreach (var sender in senders)
        {
            var batch = await outbox.ClaimDueAsync(sender.Channel, _options.BatchSize, _options.Lease, cancellationToken).ConfigureAwait(false);
            foreach (var claimed in batch)
            {
                await DeliverAsync(sender, claimed, cancellationToken).ConfigureAwait(false);
            }
            largest = Math.Max(largest, batch.Count);
        }
        return largest;
    }

    private async Task DeliverAsync(IOutboxSender sender, ClaimedMessage claimed, CancellationToken cancellationToken)
    {
        var message = claimed.Message;
        if (claimed.Attempt > _options.MaxAttempts)
        {
            // Claimed again after a crash on its last attempt.
            await outbox.DeadLetterAsync(claimed, "attempts exhausted", CancellationToken.None).ConfigureAwait(false);
            return;
        }
        try
        {
            await sender.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (DeliveryException exception)
        {
            await FailedAsync(claimed, exception.Message, exception.IsPermanent).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            // Shutting down mid-send: give the message back now rather than when the lease ends.
            await outbox.RetryLaterAsync(claimed, time.GetUtcNow(), "interrupted by shutdown", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        // Not cancellable: the message has left; recording it is what keeps it from going out twice.
        if (await outbox.MarkSentAsync(claimed, CancellationToken.None).ConfigureAwait(false))
        {
            LogSent(message.Channel, claimed.Attempt);
        }
        else
        {
            LogClaimLost(message.Channel);
        }
    }

    private async Task FailedAsync(ClaimedMessage claimed, string reason, bool permanent)
    {
        if (permanent || claimed.Attempt >= _options.MaxAttempts)
        {
            await outbox.DeadLetterAsync(claimed, reason, CancellationToken.None).ConfigureAwait(false);
            LogDeadLetter(claimed.Message.Channel, claimed.Attempt, reason);
            return;
        }
        var delay = _options.RetryDelay(claimed.Attempt);
        await outbox.RetryLaterAsync(claimed, time.GetUtcNow() + delay, reason, CancellationToken.None).ConfigureAwait(false);
        LogRetry(claimed.Message.Channel, claimed.Attempt, reason, delay);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications: e-mails are sent through {Transport}")]
    private partial void LogSmtp(string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifications: no SMTP server configured (Notifications:Smtp:Host is empty); e-mails are written as {Transport}")]
    private partial void LogPickupDirectory(string transport);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications: this instance does not dispatch (Notifications:DispatcherEnabled is false)")]
    private partial void LogDispatcherOff();

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox message sent on {Channel} (attempt {Attempt})")]
    private partial void LogSent(string channel, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message on {Channel} failed on attempt {Attempt}: {Reason}; next attempt in {Delay}")]
    private partial void LogRetry(string channel, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox message on {Channel} is a dead letter after {Attempt} attempts: {Reason}")]
    private partial void LogDeadLetter(string channel, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message on {Channel} was sent after its claim ran out; another dispatcher may send it again")]
    private partial void LogClaimLost(string channel);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox dispatcher failed ({ExceptionType}); it retries at the next poll")]
    private partial void LogDispatchFailed(string exceptionType);
}
