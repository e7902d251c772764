using System.Text;
using IessBot.WhatsApp;

namespace IessBot.Tests.Storage;

/// <summary>What every WhatsApp inbox and delivery-state store must do (run against each provider).</summary>
public abstract class WhatsAppStoreContract : StorageContract
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 17, 0, 0, TimeSpan.Zero);

    private IWhatsAppInbox Inbox => Storage.WhatsAppInbox;
    private IWhatsAppDeliveryState Delivery => Storage.WhatsAppDelivery;

    [Fact]
    public async Task Bodies_come_back_pending_in_arrival_order_until_processed()
    {
        var first = await Inbox.AddAsync(Body("uno"), Noon, Ct);
        var second = await Inbox.AddAsync(Body("dos"), Noon.AddSeconds(1), Ct);
        var third = await Inbox.AddAsync(Body("tres"), Noon.AddSeconds(2), Ct);

        var pending = await Inbox.ReadPendingAsync(0, 10, Ct);
        await Inbox.MarkProcessedAsync(second, Noon.AddMinutes(1), Ct);

        Assert.True(first < second && second < third);
        Assert.Equal([first, second, third], pending.Select(e => e.Sequence));
        Assert.Equal(Body("dos"), pending[1].Payload);
        Assert.Equal(Noon.AddSeconds(1), pending[1].ReceivedAt);
        Assert.Equal([first, third], (await Inbox.ReadPendingAsync(0, 10, Ct)).Select(e => e.Sequence));
        Assert.Equal(2, await Inbox.CountPendingAsync(Ct));
    }

    [Fact]
    public async Task Reading_continues_after_the_last_sequence_seen_and_stops_at_the_limit()
    {
        var sequences = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            sequences.Add(await Inbox.AddAsync(Body($"m{i}"), Noon, Ct));
        }

        var page = await Inbox.ReadPendingAsync(sequences[1], 2, Ct);

        Assert.Equal(sequences.Skip(2).Take(2), page.Select(e => e.Sequence));
        Assert.Empty(await Inbox.ReadPendingAsync(sequences[^1], 10, Ct));
    }

    [Fact]
    public async Task A_reader_following_two_instances_that_store_at_once_misses_no_body()
    {
        // The processor reads "pending above the last sequence seen": a body may never appear below a sequence already read.
        var other = Storage.OpenOtherWhatsAppInbox();
        var seen = new List<long>();
        var writing = Task.WhenAll(
            Task.Run(() => AddManyAsync(Inbox, "a")),
            Task.Run(() => AddManyAsync(other, "b")));
        long last = 0;
        while (true)
        {
            var done = writing.IsCompleted;
            var page = await Inbox.ReadPendingAsync(last, 7, Ct);
            seen.AddRange(page.Select(e => e.Sequence));
            last = page.Count > 0 ? page[^1].Sequence : last;
            if (done && page.Count == 0)
            {
                break;
            }
        }
        var stored = (await writing).SelectMany(s => s).ToList();

        Assert.Equal(40, stored.Distinct().Count());
        Assert.Equal(stored.Order(), seen.Order());
        Assert.Equal(seen.Order(), seen);
    }

    [Fact]
    public async Task A_message_id_is_processed_once_and_remembered_until_purged()
    {
        const string Wamid = "wamid.HBgMNTkzOTkxMjM0NTY3FQIAEhgUM0E/+RkY5QzRGNEI2MDg1RkYxAA==";
        Assert.False(await Inbox.IsMessageProcessedAsync(Wamid, Ct));

        await Inbox.MarkMessageProcessedAsync(Wamid, Noon, Ct);
        await Inbox.MarkMessageProcessedAsync(Wamid, Noon.AddDays(3), Ct);
        await Inbox.MarkMessageProcessedAsync("wamid.reciente", Noon.AddDays(2), Ct);

        Assert.True(await Inbox.IsMessageProcessedAsync(Wamid, Ct));
        Assert.False(await Inbox.IsMessageProcessedAsync("wamid.otro", Ct));
        await Inbox.PurgeAsync(Noon.AddDays(1), Ct);
        Assert.False(await Inbox.IsMessageProcessedAsync(Wamid, Ct));
        Assert.True(await Inbox.IsMessageProcessedAsync("wamid.reciente", Ct));
    }

    [Fact]
    public async Task Purging_keeps_pending_bodies_and_never_reuses_a_sequence_number()
    {
        var processed = await Inbox.AddAsync(Body("viejo"), Noon, Ct);
        var pending = await Inbox.AddAsync(Body("pendiente"), Noon, Ct);
        var last = await Inbox.AddAsync(Body("último"), Noon, Ct);
        await Inbox.MarkProcessedAsync(processed, Noon, Ct);
        await Inbox.MarkProcessedAsync(last, Noon, Ct);

        await Inbox.PurgeAsync(Noon.AddDays(1), Ct);
        var next = await Inbox.AddAsync(Body("nuevo"), Noon.AddDays(1), Ct);

        Assert.True(next > last);
        Assert.Equal([pending, next], (await Inbox.ReadPendingAsync(0, 10, Ct)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Bodies_and_citizens_are_not_in_clear_at_rest()
    {
        var sequence = await Inbox.AddAsync(Body("Mi cédula es 1710034065, escribo desde 593991234567"), Noon, Ct);
        await Delivery.RecordInboundAsync("593991234567", Noon, Ct);

        var stored = await Storage.ReadEverythingStoredAsync();

        Assert.Contains("1710034065", Encoding.UTF8.GetString(Assert.Single(await Inbox.ReadPendingAsync(0, 10, Ct)).Payload), StringComparison.Ordinal);
        Assert.Equal(Noon, await Delivery.LastInboundAsync("593991234567", Ct));
        Assert.True(sequence > 0);
        foreach (var value in new[] { "1710034065", "593991234567", "Mi c" })
        {
            Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)));
        }
    }

    [Fact]
    public async Task Delivery_status_moves_only_forward_and_failed_is_final()
    {
        const string Sent = "wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
        await Delivery.RecordAcceptedAsync(Sent, Noon, Ct);
        await Delivery.RecordAcceptedAsync(Sent, Noon.AddSeconds(9), Ct);

        Assert.True(await Delivery.UpdateStatusAsync(Sent, DeliveryStatus.Delivered, Noon.AddSeconds(2), null, Ct));
        Assert.False(await Delivery.UpdateStatusAsync(Sent, DeliveryStatus.Sent, Noon.AddSeconds(3), null, Ct));
        Assert.True(await Delivery.UpdateStatusAsync(Sent, DeliveryStatus.Failed, Noon.AddSeconds(4), "131026", Ct));
        Assert.False(await Delivery.UpdateStatusAsync(Sent, DeliveryStatus.Read, Noon.AddSeconds(5), null, Ct));
        Assert.False(await Delivery.UpdateStatusAsync("wamid.desconocido", DeliveryStatus.Read, Noon, null, Ct));

        Assert.Equal(new DeliveryRecord(Sent, DeliveryStatus.Failed, Noon.AddSeconds(4), "131026"), await Delivery.GetAsync(Sent, Ct));
        Assert.Null(await Delivery.GetAsync("wamid.desconocido", Ct));
    }

    [Fact]
    public async Task Concurrent_status_updates_end_at_the_furthest_status()
    {
        const string Sent = "wamid.concurrente";
        await Delivery.RecordAcceptedAsync(Sent, Noon, Ct);
        DeliveryStatus[] statuses = [DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Read, DeliveryStatus.Sent, DeliveryStatus.Delivered];

        await Task.WhenAll(statuses.Select((status, i) => Task.Run(() => Delivery.UpdateStatusAsync(Sent, status, Noon.AddSeconds(i), null, Ct))));

        Assert.Equal(DeliveryStatus.Read, (await Delivery.GetAsync(Sent, Ct))?.Status);
    }

    [Fact]
    public async Task The_last_inbound_time_of_a_citizen_only_moves_forward()
    {
        Assert.Null(await Delivery.LastInboundAsync("593991234567", Ct));

        await Delivery.RecordInboundAsync("593991234567", Noon, Ct);
        await Delivery.RecordInboundAsync("593991234567", Noon.AddHours(-1), Ct);
        await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() => Delivery.RecordInboundAsync("EC.1234567890", Noon.AddMinutes(i), Ct))));

        Assert.Equal(Noon, await Delivery.LastInboundAsync("593991234567", Ct));
        Assert.Equal(Noon.AddMinutes(6), await Delivery.LastInboundAsync("EC.1234567890", Ct));
        Assert.Null(await Delivery.LastInboundAsync("593990000000", Ct));
    }

    private static async Task<List<long>> AddManyAsync(IWhatsAppInbox inbox, string prefix)
    {
        var sequences = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            sequences.Add(await inbox.AddAsync(Body($"{prefix}{i}"), Noon, CancellationToken.None));
        }
        return sequences;
    }

    private static byte[] Body(string text) =>
        Encoding.UTF8.GetBytes($$$"""{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"messages":[{"text":{"body":"{{{text}}}"}}]}}]}]}""");
}
