using System.Security.Cryptography;
using System.Text;
using IessBot.Cases;
using IessBot.Notifications;
using IessBot.Storage;
using IessBot.Storage.Embedded;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.Storage;

/// <summary>The SQLite workflow store: progress columns, the encrypted timeline, the staff list and the statistics.</summary>
public sealed class SqliteCaseWorkflowStoreTests : IDisposable
{
    private static readonly TimeSpan Ecuador = TimeSpan.FromHours(-5);
    private static readonly StaffActor Everyone = new("u-all", "Carmen Todo", new HashSet<string> { StaffRoles.Supervisor, StaffRoles.Denuncias });
    private static readonly IReadOnlySet<CaseTeam> AllTeams = new HashSet<CaseTeam>(Enum.GetValues<CaseTeam>());

    private readonly EmbeddedStorage _storage = new();
    private readonly CaseWorkflow _workflow = new(new BusinessCalendar(), Options.Create(new CaseDeadlineOptions()));
    private readonly SqliteCaseStore _cases;
    private readonly SqliteCaseWorkflowStore _store;

    public SqliteCaseWorkflowStoreTests()
    {
        _cases = new SqliteCaseStore(_storage.Database, _storage.Protector, _workflow);
        _store = new SqliteCaseWorkflowStore(_storage.Database, _storage.Protector, _workflow);
    }

    private static CancellationToken Ct => CancellationToken.None;

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_new_case_has_its_progress_and_the_Filed_entry()
    {
        var filed = await _cases.CreateAsync(Sample(CaseType.Queja, "maltrato-personal"), Ct);

        var file = await _store.GetAsync(filed.CaseNumber.ToLowerInvariant(), Ct);

        Assert.NotNull(file);
        Assert.Equal(_workflow.Start(filed), file.Progress);
        Assert.Equal(CaseTeam.QuejasSalud, file.Progress.Team);
        Assert.Equal(filed.Description, file.Filing.Description);
        var entry = Assert.Single(file.Timeline);
        Assert.Equal(CaseEventKind.Filed, entry.Kind);
        Assert.Equal(filed.FiledAt, entry.At);
        Assert.Null(await _store.GetAsync("Q-0000-0000-00", Ct));
    }

    [Fact]
    public async Task In_the_app_a_case_is_filed_with_its_progress_and_the_workflow_store_is_registered()
    {
        await using var host = await IessBot.Tests.Infrastructure.TestBotHost.StartAsync();
        var filed = await host.Services.GetRequiredService<ICaseStore>().CreateAsync(Sample(CaseType.Denuncia, "coimas"), Ct);

        string? dueAt;
        using (var connection = host.Services.GetRequiredService<SqliteDatabase>().Rent())
        {
            using var select = connection.Connection.CreateCommand();
            select.CommandText = "SELECT due_at FROM cases WHERE case_number = $number";
            select.Parameters.AddWithValue("$number", filed.CaseNumber);
            dueAt = select.ExecuteScalar() as string;
        }
        var file = await host.Services.GetRequiredService<ICaseWorkflowStore>().GetAsync(filed.CaseNumber, Ct);

        Assert.NotNull(dueAt);
        Assert.Equal(file!.Progress.DueAt, SqliteCaseRows.Time(dueAt));
        Assert.Equal(CaseTeam.Denuncias, file.Progress.Team);
    }

    [Fact]
    public async Task A_case_stored_without_progress_gets_it_on_the_first_workflow_read()
    {
        // The test helper's case store has no workflow, as a case filed before migration 5.
        var filed = await _storage.Cases.CreateAsync(Sample(CaseType.Denuncia, "coimas"), Ct);

        var file = await _store.GetAsync(filed.CaseNumber, Ct);
        var listed = await _store.ListAsync(new CaseListQuery(), AllTeams, Now, Ct);

        Assert.Equal(_workflow.Start(filed), file!.Progress);
        Assert.Equal(CaseTeam.Denuncias, Assert.Single(listed.Cases).Team);
    }

    [Fact]
    public async Task A_database_from_before_migration_5_is_migrated_and_its_cases_get_progress()
    {
        var directory = Directory.CreateTempSubdirectory("iessbot-v4-").FullName;
        try
        {
            var filed = Sample(CaseType.Queja, "instalaciones");
            CreateVersion4Database(directory, filed, _storage.Protector);

            using var database = new SqliteDatabase(directory, TimeProvider.System);
            var store = new SqliteCaseWorkflowStore(database, _storage.Protector, _workflow);
            var file = await store.GetAsync(filed.CaseNumber, Ct);

            using (var connection = database.Rent())
            {
                Assert.True(SqliteSchema.CurrentVersion(connection.Connection) >= 5);
            }
            Assert.Equal(_workflow.Start(filed), file!.Progress);
            Assert.Equal(CaseTeam.QuejasAdministrativo, file.Progress.Team);
            Assert.Equal(CaseEventKind.Filed, Assert.Single(file.Timeline).Kind);
            Assert.Equal(CaseStatuses.Received, (await new SqliteCaseStore(database, _storage.Protector).GetAsync(filed.CaseNumber, Ct))!.Status);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_update_stores_the_progress_and_appends_the_events_with_a_new_version()
    {
        var filed = await _cases.CreateAsync(Sample(CaseType.Queja, "tiempos-espera"), Ct);
        var file = await _store.GetAsync(filed.CaseNumber, Ct);

        var stored = await _store.UpdateAsync(_workflow.ChangeStatus(file!, Everyone, CaseStatuses.InAnalysis, At(3, 3)), Ct);
        file = await _store.GetAsync(filed.CaseNumber, Ct);
        stored = await _store.UpdateAsync(_workflow.RequestInformation(file!, Everyone, "Indique la fecha exacta.", At(3, 4)), Ct);
        file = await _store.GetAsync(filed.CaseNumber, Ct);

        Assert.Equal(2, stored.Version);
        Assert.Equal(stored, file!.Progress);
        Assert.Equal(CaseStatuses.InformationRequested, file.Progress.Status);
        Assert.Equal(At(3, 4), file.Progress.PausedSince);
        Assert.Equal(At(3, 3), file.Progress.FirstResponseAt);
        Assert.Equal([CaseEventKind.Filed, CaseEventKind.StatusChanged, CaseEventKind.InformationRequested], file.Timeline.Select(e => e.Kind));
        Assert.Equal("Indique la fecha exacta.", file.Timeline[2].Text);
        Assert.True(file.Timeline[2].IsPublic);
        Assert.Equal(Everyone.Name, file.Timeline[2].ActorName);
    }

    [Fact]
    public async Task The_case_store_reports_the_current_status()
    {
        var filed = await _cases.CreateAsync(Sample(CaseType.Queja, "tiempos-espera"), Ct);
        var file = await _store.GetAsync(filed.CaseNumber, Ct);
        await _store.UpdateAsync(_workflow.ChangeStatus(file!, Everyone, CaseStatuses.InAnalysis, At(3, 3)), Ct);

        Assert.Equal(CaseStatuses.InAnalysis, (await _cases.GetAsync(filed.CaseNumber, Ct))!.Status);
        Assert.Equal(CaseStatuses.InAnalysis, Assert.Single(await _cases.FindByCedulaAsync(filed.Cedula, Ct)).Status);
        var query = await _cases.QueryAsync(new CaseQuery { Status = CaseStatuses.InAnalysis }, Ct);
        Assert.Equal(CaseStatuses.InAnalysis, Assert.Single(query.Cases).Status);
        Assert.Equal(CaseStatuses.InAnalysis, (await _store.GetAsync(filed.CaseNumber, Ct))!.Filing.Status);
    }

    [Fact]
    public async Task An_update_from_a_stale_read_is_refused_and_stores_nothing()
    {
        var filed = await _cases.CreateAsync(Sample(CaseType.Queja, "tiempos-espera"), Ct);
        var read = await _store.GetAsync(filed.CaseNumber, Ct);
        await _store.UpdateAsync(_workflow.AddNote(read!, Everyone, "Primera nota.", At(3, 3)), Ct);

        await Assert.ThrowsAsync<CaseChangedException>(() => _store.UpdateAsync(_workflow.ChangeStatus(read!, Everyone, CaseStatuses.InAnalysis, At(3, 3)), Ct));

        var file = await _store.GetAsync(filed.CaseNumber, Ct);
        Assert.Equal(CaseStatuses.Received, file!.Progress.Status);
        Assert.Equal(1, file.Progress.Version);
        Assert.Equal(2, file.Timeline.Count);
    }

    [Fact]
    public async Task Timeline_texts_are_encrypted_at_rest()
    {
        const string Secret = "El funcionario Zambrano-Quispe pidió 40 dólares";
        var filed = await _cases.CreateAsync(Sample(CaseType.Denuncia, "coimas"), Ct);
        var file = await _store.GetAsync(filed.CaseNumber, Ct);
        await _store.UpdateAsync(_workflow.AddNote(file!, Everyone, Secret, At(3, 3)), Ct);

        var everything = await _storage.ReadEverythingStoredAsync();

        Assert.Equal(-1, everything.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Zambrano-Quispe")));
        Assert.Equal(Secret, (await _store.GetAsync(filed.CaseNumber, Ct))!.Timeline[^1].Text);
    }

    [Fact]
    public async Task An_event_moved_to_another_position_fails_to_decrypt()
    {
        var filed = await _cases.CreateAsync(Sample(CaseType.Queja, "tiempos-espera"), Ct);
        var file = await _store.GetAsync(filed.CaseNumber, Ct);
        await _store.UpdateAsync(_workflow.AddNote(file!, Everyone, "Una.", At(3, 3)), Ct);
        file = await _store.GetAsync(filed.CaseNumber, Ct);
        await _store.UpdateAsync(_workflow.AddNote(file!, Everyone, "Dos.", At(3, 4)), Ct);

        using (var connection = _storage.Database.Rent())
        {
            using var swap = connection.Connection.CreateCommand();
            swap.CommandText = """
                UPDATE case_events SET document = (SELECT document FROM case_events e WHERE e.case_number = case_events.case_number AND e.sequence = 3 - case_events.sequence)
                """;
            Assert.Equal(2, swap.ExecuteNonQuery());
        }

        await Assert.ThrowsAnyAsync<CryptographicException>(() => _store.GetAsync(filed.CaseNumber, Ct));
    }

    [Fact]
    public async Task The_outbox_writes_the_change_and_its_messages_together()
    {
        var outbox = _storage.OpenOutbox(TimeProvider.System);
        var filed = await _cases.CreateAsync(Sample(CaseType.Queja, "tiempos-espera"), Ct);
        var read = await _store.GetAsync(filed.CaseNumber, Ct);
        var analysed = await _store.UpdateAsync(_workflow.ChangeStatus(read!, Everyone, CaseStatuses.InAnalysis, At(3, 3)), Ct);
        var file = await _store.GetAsync(filed.CaseNumber, Ct);
        var message = new OutboxMessage($"{filed.CaseNumber}:request:1", OutboxChannels.Email, "{\"to\":\"maria.perez@example.ec\"}", filed.CaseNumber);

        var stored = await outbox.UpdateCaseAsync(_workflow.RequestInformation(file!, Everyone, "Adjunte el turno.", At(3, 4)), [message], Ct);

        Assert.Equal(analysed.Version + 1, stored.Version);
        Assert.Equal(CaseStatuses.InformationRequested, (await _store.GetAsync(filed.CaseNumber, Ct))!.Progress.Status);
        Assert.Equal(message.Id, Assert.Single(await outbox.ListAsync(OutboxState.Pending, 10, Ct)).Id);
    }

    [Fact]
    public async Task A_stale_change_through_the_outbox_queues_nothing()
    {
        var outbox = _storage.OpenOutbox(TimeProvider.System);
        var filed = await _cases.CreateAsync(Sample(CaseType.Queja, "tiempos-espera"), Ct);
        var read = await _store.GetAsync(filed.CaseNumber, Ct);
        var analysed = _workflow.ChangeStatus(read!, Everyone, CaseStatuses.InAnalysis, At(3, 3));
        await _store.UpdateAsync(analysed, Ct);
        var stale = new CaseFile(read!.Filing, analysed.Progress, read.Timeline);
        var message = new OutboxMessage($"{filed.CaseNumber}:request:1", OutboxChannels.Email, "{}", filed.CaseNumber);

        await Assert.ThrowsAsync<CaseChangedException>(() => outbox.UpdateCaseAsync(_workflow.RequestInformation(stale, Everyone, "Adjunte.", At(3, 4)), [message], Ct));

        Assert.Empty(await outbox.ListAsync(OutboxState.Pending, 10, Ct));
        Assert.Equal(CaseStatuses.InAnalysis, (await _store.GetAsync(filed.CaseNumber, Ct))!.Progress.Status);
    }

    [Fact]
    public async Task An_outbox_message_that_fails_rolls_the_change_back()
    {
        var outbox = _storage.OpenOutbox(TimeProvider.System);
        var filed = await _cases.CreateAsync(Sample(CaseType.Queja, "tiempos-espera"), Ct);
        var read = await _store.GetAsync(filed.CaseNumber, Ct);
        // A message that cannot be written (no payload) fails after the case update, in the same transaction.
        var broken = new OutboxMessage("broken", OutboxChannels.Email, null!, filed.CaseNumber);

        await Assert.ThrowsAnyAsync<Exception>(() => outbox.UpdateCaseAsync(_workflow.ChangeStatus(read!, Everyone, CaseStatuses.InAnalysis, At(3, 3)), [broken], Ct));

        var file = await _store.GetAsync(filed.CaseNumber, Ct);
        Assert.Equal(CaseStatuses.Received, file!.Progress.Status);
        Assert.Single(file.Timeline);
    }

    internal static DateTimeOffset Now => new(2026, 2, 10, 12, 0, 0, Ecuador);

    internal static DateTimeOffset At(int month, int day, int hour = 9) => new(2026, month, day, hour, 0, 0, Ecuador);

    internal static FiledCase Sample(CaseType type, string category, DateTimeOffset? filedAt = null, string province = "17") =>
        EmbeddedStorage.SampleCase(caseNumber: CaseNumber.New(type).Value) with
        {
            Type = type,
            Category = category,
            FiledAt = filedAt ?? At(3, 2, 10),
            Address = new HomeAddress(province, "Provincia", province + "01", "Cantón", "Calle 1"),
        };

    /// <summary>The cases table of migration 1 with one case and the Direct Line tables of migration 4, recorded as schema version 4.</summary>
    private static void CreateVersion4Database(string directory, FiledCase filed, PersonalDataProtector protector)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, SqliteDatabase.FileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
            INSERT INTO schema_version VALUES (1, 'v1', '2025-01-01'), (2, 'v2', '2025-01-01'), (3, 'v3', '2025-01-01'), (4, 'v4', '2025-01-01');
            CREATE TABLE cases (case_number TEXT PRIMARY KEY, filing_id TEXT NOT NULL, type TEXT NOT NULL, category TEXT NOT NULL,
                status TEXT NOT NULL, province_code TEXT NOT NULL, channel TEXT NOT NULL, filed_at TEXT NOT NULL, cedula_index BLOB NOT NULL, document BLOB NOT NULL);
            INSERT INTO cases VALUES ($number, $filing, $type, $category, 'Recibido', $province, 'webchat', $filed_at, $cedula, $document);
            CREATE TABLE directline_conversations (conversation_id TEXT PRIMARY KEY, user_id BLOB, last_watermark INTEGER NOT NULL,
                last_timestamp TEXT, expires_at INTEGER NOT NULL);
            CREATE TABLE directline_activities (conversation_id TEXT NOT NULL, watermark INTEGER NOT NULL, document BLOB NOT NULL,
                PRIMARY KEY (conversation_id, watermark)) WITHOUT ROWID;
            """;
        command.Parameters.AddWithValue("$number", filed.CaseNumber);
        command.Parameters.AddWithValue("$filing", filed.FilingId);
        command.Parameters.AddWithValue("$type", filed.Type.ToString());
        command.Parameters.AddWithValue("$category", filed.Category);
        command.Parameters.AddWithValue("$province", filed.Address.ProvinceCode);
        command.Parameters.AddWithValue("$filed_at", CaseDocuments.FiledAtText(filed.FiledAt));
        command.Parameters.AddWithValue("$cedula", CaseDocuments.CedulaIndex(protector, filed.Cedula));
        command.Parameters.AddWithValue("$document", CaseDocuments.Protect(protector, filed));
        command.ExecuteNonQuery();
    }
}
