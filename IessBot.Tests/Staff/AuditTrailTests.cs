using System.Security.Cryptography;
using IessBot.Staff;
using IessBot.Storage;
using IessBot.Storage.Embedded;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace IessBot.Tests.Staff;

public sealed class AuditTrailTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("iessbot-audit-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 15, 4, 5, 123, TimeSpan.Zero).AddTicks(4567));
    private readonly PersonalDataProtector _protector = new(RandomNumberGenerator.GetBytes(PersonalDataProtector.KeySize));
    private readonly SqliteDatabase _database;
    private readonly SqliteAuditTrail _trail;

    public AuditTrailTests()
    {
        _database = new SqliteDatabase(_directory, _clock);
        _trail = new SqliteAuditTrail(_database, _protector);
    }

    [Fact]
    public async Task Appended_entries_chain_from_sixty_four_zeros_and_read_back_newest_first()
    {
        var first = await AppendAsync("ana", AuditActions.ViewCase, "Q-2026-0001-AB");
        var second = await AppendAsync("luis", AuditActions.ChangeStatus, "Q-2026-0002-CD", "Recibido → En análisis");
        var third = await AppendAsync("ana", AuditActions.SignOut, null);

        var all = await _trail.ReadAsync(null, 10, null, CancellationToken.None);
        var ofCase = await _trail.ReadAsync("Q-2026-0002-CD", 10, null, CancellationToken.None);
        var page = await _trail.ReadAsync(null, 1, beforeSequence: 3, CancellationToken.None);

        Assert.Equal(new string('0', 64), first.PreviousHash);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal(second.Hash, third.PreviousHash);
        Assert.Equal([3L, 2L, 1L], all.Select(e => e.Sequence));
        Assert.Equal(second, Assert.Single(ofCase));
        Assert.Equal(second, Assert.Single(page));
        Assert.Equal(_clock.GetUtcNow(), all[0].Record.At);
        Assert.Equal(new AuditChainCheck(true, 3, null), await _trail.VerifyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_empty_trail_is_intact()
    {
        Assert.Equal(new AuditChainCheck(true, 0, null), await _trail.VerifyAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("UPDATE audit_trail SET detail = 'Recibido → Cerrado' WHERE sequence = 2", 2L)]
    [InlineData("UPDATE audit_trail SET actor_id = 'otro' WHERE sequence = 3", 3L)]
    [InlineData("UPDATE audit_trail SET at = '2026-03-01T00:00:00.0000000+00:00' WHERE sequence = 1", 1L)]
    [InlineData("DELETE FROM audit_trail WHERE sequence = 2", 2L)]
    [InlineData("UPDATE audit_trail SET hash = previous_hash WHERE sequence = 4", 4L)]
    public async Task An_edited_or_deleted_row_breaks_the_chain_there(string tampering, long brokenAt)
    {
        for (var i = 0; i < 5; i++)
        {
            await AppendAsync("ana", AuditActions.ChangeStatus, $"Q-2026-000{i}-AB", "Recibido → En análisis");
        }

        Tamper(_database.FilePath, tampering);
        var check = await _trail.VerifyAsync(CancellationToken.None);

        Assert.False(check.Intact);
        Assert.Equal(brokenAt, check.FirstBrokenSequence);
    }

    [Fact]
    public async Task A_chain_recomputed_with_another_key_does_not_verify()
    {
        await AppendAsync("ana", AuditActions.ViewCase, "Q-2026-0001-AB");
        using var otherProtector = new PersonalDataProtector(RandomNumberGenerator.GetBytes(PersonalDataProtector.KeySize));

        var check = await new SqliteAuditTrail(_database, otherProtector).VerifyAsync(CancellationToken.None);

        Assert.Equal(new AuditChainCheck(false, 1, 1), check);
    }

    [Fact]
    public async Task Concurrent_appends_get_dense_sequences_and_one_chain()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => AppendAsync($"u{i}", AuditActions.ViewList, null))));

        var all = await _trail.ReadAsync(null, 100, null, CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i).Reverse(), all.Select(e => e.Sequence));
        Assert.Equal(new AuditChainCheck(true, 40, null), await _trail.VerifyAsync(CancellationToken.None));
    }

    internal static void Tamper(string databaseFile, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private Task<AuditEntry> AppendAsync(string actor, string action, string? caseNumber, string? detail = null) =>
        _trail.AppendAsync(new AuditRecord(_clock.GetUtcNow(), actor, action, caseNumber, detail), CancellationToken.None);

    public void Dispose()
    {
        _database.Dispose();
        _protector.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
