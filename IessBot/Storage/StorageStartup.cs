using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Turns;

namespace IessBot.Storage;

/// <summary>
/// Opens the storage at start (creating the data directory, migrating the schema, loading or creating the key),
/// so a problem shows at start-up rather than on the first citizen's turn, and says once which storage is active.
/// </summary>
internal sealed partial class StorageStartup(IServiceProvider services, IStorageProbe probe, StorageLocation location, ILogger<StorageStartup> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<PersonalDataProtector>();
        services.GetRequiredService<IConversationStateStore>();
        services.GetRequiredService<ICaseStore>();
        services.GetRequiredService<IEvidenceStore>();
        LogActive(probe.Provider, location.Description);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage provider {Provider} is active at {Location}")]
    private partial void LogActive(StorageProvider provider, string location);
}

/// <summary>Where the active provider keeps its data, for the start-up log (a folder, or later an account name).</summary>
internal sealed record StorageLocation(string Description);
