using System.Security.Cryptography;
using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Notifications;
using IessBot.Staff;
using IessBot.Storage;
using IessBot.Storage.Embedded;
using IessBot.Turns;
using IessBot.WhatsApp;

namespace IessBot.Tests.Storage;

/// <summary>A real SQLite file and evidence folder in a fresh temporary directory, with a random key.</summary>
internal sealed class EmbeddedStorage : IStorageUnderTest, IDisposable
{
    public EmbeddedStorage()
    {
        DataDirectory = Directory.CreateTempSubdirectory("iessbot-storage-").FullName;
        Protector = new PersonalDataProtector(RandomNumberGenerator.GetBytes(PersonalDataProtector.KeySize));
        Database = new SqliteDatabase(DataDirectory, TimeProvider.System);
        States = new SqliteConversationStateStore(Database, Protector);
        Cases = new SqliteCaseStore(Database, Protector, StorageWorkflow.Rules);
        Workflow = new SqliteCaseWorkflowStore(Database, Protector, StorageWorkflow.Rules);
        Evidence = new FileSystemEvidenceStore(Path.Combine(DataDirectory, FileSystemEvidenceStore.FolderName), Protector);
        WhatsApp = new SqliteWhatsAppStore(Database, Protector);
        AuditTrail = new SqliteAuditTrail(Database, Protector);
        StaffAccounts = new SqliteStaffAccountStore(Database);
    }

    private readonly List<SqliteDatabase> _others = [];

    public string DataDirectory { get; }
    public PersonalDataProtector Protector { get; }
    public SqliteDatabase Database { get; }
    public SqliteConversationStateStore States { get; }
    public SqliteCaseStore Cases { get; }
    public FileSystemEvidenceStore Evidence { get; }
    public SqliteWhatsAppStore WhatsApp { get; }

    IConversationStateStore IStorageUnderTest.States => States;
    ICaseStore IStorageUnderTest.Cases => Cases;
    IEvidenceStore IStorageUnderTest.Evidence => Evidence;
    IWhatsAppInbox IStorageUnderTest.WhatsAppInbox => WhatsApp;
    IWhatsAppDeliveryState IStorageUnderTest.WhatsAppDelivery => WhatsApp;
    ICaseWorkflowStore IStorageUnderTest.Workflow => Workflow;

    public SqliteCaseWorkflowStore Workflow { get; }
    public IAuditTrail AuditTrail { get; }
    public IStaffAccountStore StaffAccounts { get; }

    public IAuditTrail OpenOtherAuditTrail() => new SqliteAuditTrail(OpenOtherDatabase(), Protector);

    /// <summary>An UPDATE on the database file through a connection of its own, as someone with access to the file would.</summary>
    public async Task EditStoredAuditEntryAsync(long sequence, string detail)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database.FilePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE audit_trail SET detail = $detail WHERE sequence = $sequence";
        command.Parameters.AddWithValue("$detail", detail);
        command.Parameters.AddWithValue("$sequence", sequence);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public IOutbox OpenOutbox(TimeProvider time, bool otherInstance = false)
    {
        var database = otherInstance ? OpenOtherDatabase() : Database;
        return new SqliteOutbox(database, otherInstance ? new SqliteCaseStore(database, Protector, StorageWorkflow.Rules) : Cases, Protector, time);
    }

    public IWhatsAppInbox OpenOtherWhatsAppInbox() => new SqliteWhatsAppStore(OpenOtherDatabase(), Protector);

    public Task<byte[]> ReadEverythingStoredAsync()
    {
        Database.CloseIdleConnections();
        var bytes = new MemoryStream();
        foreach (var path in new[] { Database.FilePath, Database.FilePath + "-wal" }.Where(File.Exists))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.CopyTo(bytes);
        }
        return Task.FromResult(bytes.ToArray());
    }

    /// <summary>A second process: its own connections and write gate on the same file.</summary>
    private SqliteDatabase OpenOtherDatabase()
    {
        var database = new SqliteDatabase(DataDirectory, TimeProvider.System);
        _others.Add(database);
        return database;
    }

    public Task<int> CountStoredEvidenceAsync() => Task.FromResult(Directory.EnumerateFileSystemEntries(Evidence.Directory).Count());

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var other in _others)
        {
            other.Dispose();
        }
        Database.Dispose();
        Protector.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static FiledCase SampleCase(
        string? caseNumber = null,
        string? filingId = null,
        string cedula = "1710034065",
        string phone = "+593991234567",
        string email = "maria.perez@example.ec") => new()
        {
            CaseNumber = caseNumber ?? CaseNumber.New(CaseType.Queja).Value,
            FilingId = filingId ?? Guid.NewGuid().ToString("N"),
            Type = CaseType.Queja,
            Category = "tiempos-de-espera",
            Consent = new ConsentRecord("2025-01", new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.FromHours(-5))),
            Cedula = cedula,
            Phone = phone,
            Email = email,
            Address = new HomeAddress("17", "Pichincha", "1701", "Quito", "Av. Amazonas N34-120 y Av. Colón"),
            Description = "Esperé seis horas en el Hospital Carlos Andrade Marín sin ser atendida.",
            Place = "Hospital Carlos Andrade Marín",
            Evidence = [new EvidenceReference("0123456789abcdef0123456789abcdef", "image/png", 1234, new string('a', 64), "foto-turno.png")],
            ChannelId = "webchat",
            FiledAt = new DateTimeOffset(2025, 3, 1, 10, 5, 0, TimeSpan.FromHours(-5)),
        };
}
