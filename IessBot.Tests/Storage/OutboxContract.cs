using System.Text;
using IessBot.Cases;
using IessBot.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace IessBot.Tests.Storage;

/// <summary>What every notification outbox must do (run against each provider): atomic with the case, leased claims, settling, listing.</summary>
public abstract class OutboxContract : StorageContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 15, 0, 0, TimeSpan.Zero));
    private IOutbox? _outbox;

    private IOutbox Outbox => _outbox ??= Storage.OpenOutbox(_time);

    [Fact]
    public async Task The_case_and_its_message_are_stored_together_and_filing_again_queues_nothing_more()
    {
        var filed = EmbeddedStorage.SampleCase();

        await Outbox.CreateCaseAsync(filed, c => [Message(c.CaseNumber)], Ct);
        await Outbox.CreateCaseAsync(filed, c => [Message(c.CaseNumber + "-again")], Ct);

        Assert.NotNull(await Storage.Cases.GetAsync(filed.CaseNumber, Ct));
        var pending = Assert.Single(await Outbox.ListAsync(OutboxState.Pending, 10, Ct));
        Assert.Equal((filed.CaseNumber + "/confirmacion", filed.CaseNumber, 0), (pending.Id, pending.CaseNumber, pending.Attempts));
        Assert.Equal((_time.GetUtcNow(), _time.GetUtcNow()), (pending.CreatedAt, pending.NextAttemptAt));
        Assert.Null(pending.SentAt);
    }

    [Fact]
    public async Task When_queuing_fails_the_case_is_not_stored_either()
    {
        var filed = EmbeddedStorage.SampleCase();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Outbox.CreateCaseAsync(filed, _ => throw new InvalidOperationException("template broken"), Ct));

        Assert.Null(await Storage.Cases.GetAsync(filed.CaseNumber, Ct));
        Assert.Empty(await Outbox.ListAsync(OutboxState.Pending, 10, Ct));
    }

    [Fact]
    public async Task A_claimed_message_is_not_claimed_again_until_its_lease_ends_and_the_late_claimant_cannot_settle_it()
    {
        await Outbox.EnqueueAsync(Message("Q-1"), Ct);

        var first = Assert.Single(await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct));
        Assert.Empty(await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct));
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = Assert.Single(await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct));

        Assert.Equal((1, 2), (first.Attempt, second.Attempt));
        Assert.False(await Outbox.MarkSentAsync(first, Ct));
        Assert.True(await Outbox.MarkSentAsync(second, Ct));
        var sent = Assert.Single(await Outbox.ListAsync(OutboxState.Sent, 10, Ct));
        Assert.Equal((2, _time.GetUtcNow()), (sent.Attempts, sent.SentAt));
        _time.Advance(Lease * 2);
        Assert.Empty(await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct));
        Assert.False(await Outbox.MarkSentAsync(second, Ct));
    }

    [Fact]
    public async Task A_retried_message_waits_for_its_next_attempt_time()
    {
        await Outbox.EnqueueAsync(Message("Q-1"), Ct);
        var claimed = Assert.Single(await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct));

        Assert.True(await Outbox.RetryLaterAsync(claimed, _time.GetUtcNow().AddMinutes(5), "SMTP 451 (TransactionFailed)", Ct));

        Assert.Empty(await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct));
        _time.Advance(TimeSpan.FromMinutes(5));
        var again = Assert.Single(await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct));
        Assert.Equal(2, again.Attempt);
        Assert.True(await Outbox.DeadLetterAsync(again, "SMTP 550 (RecipientNotAccepted)", Ct));
        var dead = Assert.Single(await Outbox.ListAsync(OutboxState.DeadLetter, 10, Ct));
        Assert.Equal(("SMTP 550 (RecipientNotAccepted)", 2), (dead.LastError, dead.Attempts));
        Assert.Empty(await Outbox.ListAsync(OutboxState.Pending, 10, Ct));
        Assert.Empty(await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct));
    }

    [Fact]
    public async Task Two_instances_on_the_same_store_never_claim_the_same_message()
    {
        for (var i = 0; i < 30; i++)
        {
            await Outbox.EnqueueAsync(Message($"Q-{i}"), Ct);
        }
        var other = Storage.OpenOutbox(_time, otherInstance: true);

        async Task<List<string>> DrainAsync(IOutbox outbox)
        {
            var ids = new List<string>();
            while (await outbox.ClaimDueAsync(OutboxChannels.Email, 3, Lease, Ct) is { Count: > 0 } batch)
            {
                ids.AddRange(batch.Select(c => c.Message.Id));
            }
            return ids;
        }
        var results = await Task.WhenAll(Task.Run(() => DrainAsync(Outbox)), Task.Run(() => DrainAsync(other)));
        // An instance whose whole batch was taken by the other one stops early: what is left is still claimable once.
        var rest = await DrainAsync(Outbox);

        var all = results.SelectMany(r => r).Concat(rest).ToList();
        Assert.Equal(30, all.Count);
        Assert.Equal(30, all.Distinct().Count());
    }

    [Fact]
    public async Task A_message_for_a_channel_without_a_sender_waits_for_it()
    {
        await Outbox.EnqueueAsync(new OutboxMessage("Q-1/whatsapp", OutboxChannels.WhatsApp, "{\"text\":\"hola\"}", "Q-1"), Ct);

        Assert.Empty(await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct));
        var pending = Assert.Single(await Outbox.ListAsync(OutboxState.Pending, 10, Ct));
        Assert.Equal((OutboxChannels.WhatsApp, 0), (pending.Channel, pending.Attempts));
        var claimed = Assert.Single(await Outbox.ClaimDueAsync(OutboxChannels.WhatsApp, 10, Lease, Ct));
        Assert.Equal("{\"text\":\"hola\"}", claimed.Message.Payload);
    }

    [Fact]
    public async Task Messages_of_one_case_on_two_channels_are_claimed_and_settled_each_on_its_own()
    {
        var filed = EmbeddedStorage.SampleCase();
        await Outbox.CreateCaseAsync(filed, c => [Message(c.CaseNumber), new OutboxMessage(c.CaseNumber + "/whatsapp", OutboxChannels.WhatsApp, "{}", c.CaseNumber)], Ct);

        var email = Assert.Single(await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct));
        var whatsapp = Assert.Single(await Outbox.ClaimDueAsync(OutboxChannels.WhatsApp, 10, Lease, Ct));
        Assert.True(await Outbox.MarkSentAsync(email, Ct));
        Assert.True(await Outbox.RetryLaterAsync(whatsapp, _time.GetUtcNow().AddMinutes(1), "Graph 131047", Ct));

        Assert.Equal([filed.CaseNumber + "/confirmacion"], (await Outbox.ListAsync(OutboxState.Sent, 10, Ct)).Select(e => e.Id));
        var pending = Assert.Single(await Outbox.ListAsync(OutboxState.Pending, 10, Ct));
        Assert.Equal((filed.CaseNumber + "/whatsapp", "Graph 131047"), (pending.Id, pending.LastError));
        AssertSameCase(filed, await Storage.Cases.GetAsync(filed.CaseNumber, Ct));
    }

    [Fact]
    public async Task A_message_queued_later_for_a_stored_case_is_queued_once_and_leaves_the_case_as_it_was()
    {
        var filed = await Storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(), Ct);
        var update = new OutboxMessage(filed.CaseNumber + "/estado-1", OutboxChannels.Email, "{\"estado\":\"En análisis\"}", filed.CaseNumber);

        await Outbox.EnqueueAsync(update, Ct);
        await Outbox.EnqueueAsync(update with { Payload = "{\"estado\":\"otro\"}" }, Ct);

        var claimed = Assert.Single(await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct));
        Assert.Equal(update, claimed.Message);
        AssertSameCase(filed, await Storage.Cases.GetAsync(filed.CaseNumber, Ct));
        Assert.Equal([filed.CaseNumber], (await Storage.Cases.QueryAsync(new CaseQuery(), Ct)).Cases.Select(c => c.CaseNumber));
    }

    [Fact]
    public async Task Messages_without_a_case_are_not_listed_as_cases()
    {
        var filed = await Storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(), Ct);
        await Outbox.EnqueueAsync(new OutboxMessage("aviso/1", OutboxChannels.Chat, "{}", null), Ct);

        var page = await Storage.Cases.QueryAsync(new CaseQuery(), Ct);

        Assert.Equal([filed.CaseNumber], page.Cases.Select(c => c.CaseNumber));
        Assert.Null((await Outbox.ListAsync(OutboxState.Pending, 10, Ct)).Single().CaseNumber);
    }

    [Fact]
    public async Task Listing_gives_the_oldest_messages_of_a_state_first_up_to_the_limit()
    {
        for (var i = 0; i < 5; i++)
        {
            await Outbox.CreateCaseAsync(EmbeddedStorage.SampleCase(), c => [Message(c.CaseNumber)], Ct);
            _time.Advance(TimeSpan.FromMinutes(1));
        }
        var all = await Outbox.ListAsync(OutboxState.Pending, 10, Ct);

        var firstThree = await Outbox.ListAsync(OutboxState.Pending, 3, Ct);

        Assert.Equal(5, all.Count);
        Assert.Equal(all.Select(e => e.CreatedAt).Order(), all.Select(e => e.CreatedAt));
        Assert.Equal(all.Take(3).Select(e => e.Id), firstThree.Select(e => e.Id));
    }

    [Fact]
    public async Task Payloads_are_encrypted_at_rest()
    {
        await Outbox.EnqueueAsync(Message("Q-1"), Ct);
        await Outbox.CreateCaseAsync(EmbeddedStorage.SampleCase(), c => [Message(c.CaseNumber)], Ct);
        var claimed = await Outbox.ClaimDueAsync(OutboxChannels.Email, 10, Lease, Ct);

        var stored = await Storage.ReadEverythingStoredAsync();

        Assert.Equal(2, claimed.Count);
        Assert.All(claimed, c => Assert.Contains("maria.perez@example.ec", c.Message.Payload, StringComparison.Ordinal));
        Assert.Contains("/confirmacion", Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes("maria.perez@example.ec")));
    }

    private static void AssertSameCase(FiledCase expected, FiledCase? actual)
    {
        Assert.NotNull(actual);
        CaseStoreContract.AssertSameCase(expected, actual);
    }

    private static OutboxMessage Message(string caseNumber) =>
        new(caseNumber + "/confirmacion", OutboxChannels.Email,
            new EmailPayload("maria.perez@example.ec", "IESS: recibimos su queja", "texto", "<p>html</p>", caseNumber + ".confirmacion@iess.gob.ec", DateTimeOffset.UnixEpoch).ToJson(),
            caseNumber);
}
