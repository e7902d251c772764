using System.Text;
using IessBot.Notifications;
using IessBot.Storage.Embedded;
using Microsoft.Extensions.Time.Testing;

namespace IessBot.Tests.Storage;

public sealed class SqliteOutboxTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly EmbeddedStorage _storage = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 15, 0, 0, TimeSpan.Zero));
    private readonly SqliteOutbox _outbox;
    private readonly CancellationToken _ct = CancellationToken.None;

    public SqliteOutboxTests()
    {
        _outbox = new SqliteOutbox(_storage.Database, _storage.Cases, _storage.Protector, _time);
    }

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task The_case_and_its_message_are_stored_together_and_filing_again_queues_nothing_more()
    {
        var filed = EmbeddedStorage.SampleCase();

        await _outbox.CreateCaseAsync(filed, c => [Message(c.CaseNumber)], _ct);
        await _outbox.CreateCaseAsync(filed, c => [Message(c.CaseNumber + "-again")], _ct);

        Assert.NotNull(await _storage.Cases.GetAsync(filed.CaseNumber, _ct));
        var pending = Assert.Single(await _outbox.ListAsync(OutboxState.Pending, 10, _ct));
        Assert.Equal((filed.CaseNumber + "/confirmacion", filed.CaseNumber, 0), (pending.Id, pending.CaseNumber, pending.Attempts));
    }

    [Fact]
    public async Task When_queuing_fails_the_case_is_not_stored_either()
    {
        var filed = EmbeddedStorage.SampleCase();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _outbox.CreateCaseAsync(filed, _ => throw new InvalidOperationException("template broken"), _ct));

        Assert.Null(await _storage.Cases.GetAsync(filed.CaseNumber, _ct));
        Assert.Empty(await _outbox.ListAsync(OutboxState.Pending, 10, _ct));
    }

    [Fact]
    public async Task A_claimed_message_is_not_claimed_again_until_its_lease_ends_and_the_late_claimant_cannot_settle_it()
    {
        await _outbox.EnqueueAsync(Message("Q-1"), _ct);

        var first = Assert.Single(await _outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, _ct));
        Assert.Empty(await _outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, _ct));
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = Assert.Single(await _outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, _ct));

        Assert.Equal((1, 2), (first.Attempt, second.Attempt));
        Assert.False(await _outbox.MarkSentAsync(first, _ct));
        Assert.True(await _outbox.MarkSentAsync(second, _ct));
        Assert.Single(await _outbox.ListAsync(OutboxState.Sent, 10, _ct));
        _time.Advance(Lease * 2);
        Assert.Empty(await _outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, _ct));
    }

    [Fact]
    public async Task A_retried_message_waits_for_its_next_attempt_time()
    {
        await _outbox.EnqueueAsync(Message("Q-1"), _ct);
        var claimed = Assert.Single(await _outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, _ct));

        Assert.True(await _outbox.RetryLaterAsync(claimed, _time.GetUtcNow().AddMinutes(5), "SMTP 451 (TransactionFailed)", _ct));

        Assert.Empty(await _outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, _ct));
        _time.Advance(TimeSpan.FromMinutes(5));
        var again = Assert.Single(await _outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, _ct));
        Assert.Equal(2, again.Attempt);
        Assert.True(await _outbox.DeadLetterAsync(again, "SMTP 550 (RecipientNotAccepted)", _ct));
        var dead = Assert.Single(await _outbox.ListAsync(OutboxState.DeadLetter, 10, _ct));
        Assert.Equal("SMTP 550 (RecipientNotAccepted)", dead.LastError);
        Assert.Empty(await _outbox.ListAsync(OutboxState.Pending, 10, _ct));
    }

    [Fact]
    public async Task Two_instances_on_the_same_database_never_claim_the_same_message()
    {
        for (var i = 0; i < 60; i++)
        {
            await _outbox.EnqueueAsync(Message($"Q-{i}"), _ct);
        }
        // A second process: its own connections and write gate on the same file.
        using var otherDatabase = new SqliteDatabase(_storage.DataDirectory, TimeProvider.System);
        var other = new SqliteOutbox(otherDatabase, new SqliteCaseStore(otherDatabase, _storage.Protector), _storage.Protector, _time);

        async Task<List<string>> DrainAsync(SqliteOutbox outbox)
        {
            var ids = new List<string>();
            while (await outbox.ClaimDueAsync(OutboxChannels.Email, 3, Lease, _ct) is { Count: > 0 } batch)
            {
                ids.AddRange(batch.Select(c => c.Message.Id));
            }
            return ids;
        }
        var results = await Task.WhenAll(Task.Run(() => DrainAsync(_outbox)), Task.Run(() => DrainAsync(other)));

        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct().Count());
    }

    [Fact]
    public async Task A_message_for_a_channel_without_a_sender_waits_for_it()
    {
        await _outbox.EnqueueAsync(new OutboxMessage("Q-1/whatsapp", OutboxChannels.WhatsApp, "{\"text\":\"hola\"}", "Q-1"), _ct);

        Assert.Empty(await _outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, _ct));
        var pending = Assert.Single(await _outbox.ListAsync(OutboxState.Pending, 10, _ct));
        Assert.Equal((OutboxChannels.WhatsApp, 0), (pending.Channel, pending.Attempts));
        Assert.Single(await _outbox.ClaimDueAsync(OutboxChannels.WhatsApp, 10, Lease, _ct));
    }

    [Fact]
    public async Task Payloads_are_encrypted_at_rest()
    {
        await _outbox.EnqueueAsync(Message("Q-1"), _ct);
        var claimed = Assert.Single(await _outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, _ct));
        _storage.Database.CloseIdleConnections();

        var onDisk = File.ReadAllBytes(_storage.Database.FilePath)
            .Concat(File.Exists(_storage.Database.FilePath + "-wal") ? File.ReadAllBytes(_storage.Database.FilePath + "-wal") : []).ToArray();

        Assert.Contains("maria.perez@example.ec", claimed.Message.Payload);
        Assert.Equal(-1, onDisk.AsSpan().IndexOf(Encoding.UTF8.GetBytes("maria.perez@example.ec")));
    }

    private static OutboxMessage Message(string caseNumber) =>
        new(caseNumber + "/confirmacion", OutboxChannels.Email,
            new EmailPayload("maria.perez@example.ec", "IESS: recibimos su queja", "texto", "<p>html</p>", caseNumber + ".confirmacion@iess.gob.ec", DateTimeOffset.UnixEpoch).ToJson(),
            caseNumber);
}
