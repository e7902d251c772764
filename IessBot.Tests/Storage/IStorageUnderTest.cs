using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Notifications;
using IessBot.Staff;
using IessBot.Storage;
using IessBot.Turns;
using IessBot.WhatsApp;

namespace IessBot.Tests.Storage;

/// <summary>One provider's stores, fresh and empty, for the contract tests that every provider must pass.</summary>
internal interface IStorageUnderTest : IAsyncDisposable
{
    PersonalDataProtector Protector { get; }
    IConversationStateStore States { get; }
    ICaseStore Cases { get; }
    IEvidenceStore Evidence { get; }
    IWhatsAppInbox WhatsAppInbox { get; }
    IWhatsAppDeliveryState WhatsAppDelivery { get; }
    /// <summary>The case workflow on these stores; new cases get their progress from <see cref="StorageWorkflow.Start"/>.</summary>
    ICaseWorkflowStore Workflow { get; }
    IAuditTrail AuditTrail { get; }
    IStaffAccountStore StaffAccounts { get; }

    /// <summary>The audit trail as another instance opens it: its own connections or client, on the same data.</summary>
    IAuditTrail OpenOtherAuditTrail();

    /// <summary>Changes the detail of a stored audit entry behind the store's back (the SQLite row, the Cosmos DB document), as a tamperer would.</summary>
    Task EditStoredAuditEntryAsync(long sequence, string detail);

    /// <summary>The outbox on these stores with its own clock; as another instance would open it (its own connections or client) when <paramref name="otherInstance"/>.</summary>
    IOutbox OpenOutbox(TimeProvider time, bool otherInstance = false);

    /// <summary>The WhatsApp inbox as another instance opens it: its own connections or client, on the same data.</summary>
    IWhatsAppInbox OpenOtherWhatsAppInbox();

    /// <summary>Every byte stored (the database file and its WAL; every document of every container), to look for data in clear.</summary>
    Task<byte[]> ReadEverythingStoredAsync();

    /// <summary>How many evidence files are stored (complete ones: what a reader could find).</summary>
    Task<int> CountStoredEvidenceAsync();
}

/// <summary>The workflow rules with their defaults, as the app registers them: the stores under test start new cases with <see cref="CaseWorkflow.Start"/>.</summary>
internal static class StorageWorkflow
{
    public static CaseWorkflow Rules { get; } = new(new BusinessCalendar(), Microsoft.Extensions.Options.Options.Create(new CaseDeadlineOptions()));

    public static CaseProgress Start(FiledCase filed) => Rules.Start(filed);
}

/// <summary>The base of a contract test class: each test gets fresh stores from <see cref="OpenStorageAsync"/>.</summary>
public abstract class StorageContract : IAsyncLifetime
{
    private IStorageUnderTest? _storage;

    protected CancellationToken Ct => CancellationToken.None;

    internal IStorageUnderTest Storage => _storage ?? throw new InvalidOperationException("The storage is not open.");

    internal abstract Task<IStorageUnderTest> OpenStorageAsync();

    public async Task InitializeAsync() => _storage = await OpenStorageAsync();

    public async Task DisposeAsync()
    {
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }
}
