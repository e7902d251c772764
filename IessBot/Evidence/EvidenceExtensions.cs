using IessBot.Evidence.Scanning;
using Microsoft.Extensions.Options;

namespace IessBot.Evidence;

public static class EvidenceExtensions
{
    /// <summary>
    /// File checks and intake (<see cref="EvidenceIntake"/>) with the <c>Evidence</c> limits, and the malware
    /// scanner: ClamAV when <c>Evidence:ClamAV:Host</c> is set, none otherwise (the start-up log says which). The
    /// evidence store comes from <c>AddStorage</c>; <see cref="IAttachmentContentSource"/> from the channels.
    /// </summary>
    public static IServiceCollection AddEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvidenceLimits>()
            .Bind(configuration.GetSection(EvidenceLimits.SectionName))
            .Validate(l => l.MaxQuejaFileBytes > 0 && l.MaxDenunciaFileBytes > 0, "Evidence:MaxQuejaFileBytes and Evidence:MaxDenunciaFileBytes must be positive.")
            .Validate(l => l.MaxFilesPerCase is > 0 and <= 50, "Evidence:MaxFilesPerCase must be between 1 and 50.")
            .ValidateOnStart();
        services.AddOptions<ClamAvOptions>()
            .Bind(configuration.GetSection(ClamAvOptions.SectionName))
            .Validate(o => !o.IsEnabled || o.Port is > 0 and <= 65535, "Evidence:ClamAV:Port must be a TCP port (1–65535).")
            .Validate(o => o.ChunkBytes is >= 1024 and <= 1024 * 1024, "Evidence:ClamAV:ChunkBytes must be between 1024 and 1048576.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Evidence:ClamAV:Timeout must be positive.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClamAvOptions>, ClamAvLimitValidator>();
        services.AddSingleton<IMalwareScanner>(sp => sp.GetRequiredService<IOptions<ClamAvOptions>>().Value.IsEnabled
            ? ActivatorUtilities.CreateInstance<ClamAvScanner>(sp)
            : new NoMalwareScanner());
        services.AddHostedService<EvidenceStartup>();
        services.AddSingleton<AttachmentContent>();
        services.AddSingleton<EvidenceIntake>();
        return services;
    }

    /// <summary>clamd must accept the largest file a denuncia may carry, or every such file would be refused.</summary>
    private sealed class ClamAvLimitValidator(IOptions<EvidenceLimits> limits) : IValidateOptions<ClamAvOptions>
    {
        public ValidateOptionsResult Validate(string? name, ClamAvOptions options)
        {
            var largest = Math.Max(limits.Value.MaxQuejaFileBytes, limits.Value.MaxDenunciaFileBytes);
            return !options.IsEnabled || options.MaxStreamBytes >= largest
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Evidence:ClamAV:MaxStreamBytes ({options.MaxStreamBytes}) must be at least the largest evidence file ({largest}); raise clamd's StreamMaxLength to match.");
        }
    }
}

/// <summary>Says at start which malware scanner is active, and warns when clamd does not answer yet.</summary>
internal sealed partial class EvidenceStartup(IMalwareScanner scanner, ILogger<EvidenceStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (scanner is not ClamAvScanner clamAv)
        {
            LogScanningOff();
            return;
        }
        LogScanningOn(scanner.Description);
        try
        {
            if (await clamAv.CommandAsync("PING", cancellationToken) != "PONG")
            {
                LogNotAnswering(scanner.Description);
            }
        }
        catch (Exception exception) when (exception is System.Net.Sockets.SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Not fatal: clamd may start after the bot. Until it answers, evidence files are refused with a retry message.
            LogNotAnswering(scanner.Description);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malware scanning of evidence files is off (Evidence:ClamAV:Host is empty)")]
    private partial void LogScanningOff();

    [LoggerMessage(Level = LogLevel.Information, Message = "Malware scanning of evidence files: {Scanner}")]
    private partial void LogScanningOn(string scanner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Scanner} does not answer; evidence files are refused until it does")]
    private partial void LogNotAnswering(string scanner);
}
