using System.Text.Json.Nodes;
using IessBot.WhatsApp;
using Microsoft.Data.Sqlite;

namespace IessBot.Tests.WhatsApp;

/// <summary>Nothing lost, nothing doubled (reference/whatsapp.md §4): duplicates, concurrency, batching, order, crashes, statuses.</summary>
public sealed class DeliveryTests
{
    private const string WaId = "593987654321";

    [Fact]
    public async Task The_same_wamid_delivered_twice_in_sequence_is_answered_once()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var body = Webhooks.Envelope(Webhooks.Change([Webhooks.Contact(WaId, null)], [Webhooks.Text(WaId, "Hola")]));

        Assert.True((await host.DeliverAsync(body)).IsSuccessStatusCode);
        var afterFirst = host.Graph.Sent.Count;
        Assert.True((await host.DeliverAsync(body)).IsSuccessStatusCode);

        Assert.Equal(1, afterFirst);
        Assert.Equal(afterFirst, host.Graph.Sent.Count);
    }

    [Fact]
    public async Task The_same_wamid_delivered_concurrently_is_answered_once()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var citizen = new WhatsAppCitizen(host, WaId);
        var menu = Assert.Single(await citizen.SayAsync("Hola"));
        var option = menu.Options.First(o => o.Title == "Registrar queja");
        var tap = Webhooks.Envelope(Webhooks.Change([Webhooks.Contact(WaId, null)], [Webhooks.Reply(WaId, "list", option.Id, option.Title)]));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Webhooks.PostAsync(host.Http, tap)));
        await host.DrainAsync();

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
        // One turn: the filing introduction and the category list, once.
        var after = citizen.Received.Skip(1).ToList();
        Assert.Equal(1, after.Count(m => m.Text.Contains("queja", StringComparison.Ordinal) && m.InteractiveType == "list"));
        Assert.Equal(2, citizen.Received.Count);
    }

    [Fact]
    public async Task A_batch_with_messages_out_of_order_is_processed_in_timestamp_order()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var now = Webhooks.Now;
        // Greeting, menu choice, category, consent: given in reverse order, one second apart (§2.8: order is not guaranteed).
        var messages = new[]
        {
            Webhooks.Text(WaId, "Acepto", now),
            Webhooks.Text(WaId, "1", now - 1),
            Webhooks.Text(WaId, "Registrar queja", now - 2),
            Webhooks.Text(WaId, "Hola", now - 3),
        };

        await host.DeliverAsync(Webhooks.Envelope(Webhooks.Change([Webhooks.Contact(WaId, null)], messages)));

        var last = host.Graph.Sent[^1];
        Assert.Contains("cédula", last.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_of_one_citizen_posted_concurrently_run_one_at_a_time_in_order()
    {
        await using var host = await WhatsAppTestHost.StartAsync(new Dictionary<string, string?> { ["WhatsApp:ProcessInbox"] = "false" });
        var dataDirectory = host.Bot.DataDirectory;
        var now = Webhooks.Now;
        string[] answers = ["Hola", "Registrar denuncia", "1", "Acepto", WhatsAppFilingTests.Cedula];
        var bodies = answers.Select((text, i) => Webhooks.Envelope(Webhooks.Change([Webhooks.Contact(WaId, null)], [Webhooks.Text(WaId, text, now - answers.Length + i)])));
        // Stored concurrently, in any order; processed when a processing instance starts on the same data.
        var responses = await Task.WhenAll(bodies.Reverse().Select(body => Webhooks.PostAsync(host.Http, body)));
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
        await host.Bot.StopAsync();

        await using var processing = await WhatsAppTestHost.StartAsync(graph: host.Graph, dataDirectory: dataDirectory);
        await processing.DrainAsync();

        Assert.Contains("+593 98 765 4321", processing.Graph.Sent[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_of_several_entries_changes_and_citizens_is_processed_whole()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        const string other = "34612345678";
        const string third = "16505551234";
        var firstEntry = new JsonArray(
            Webhooks.Change([Webhooks.Contact(WaId, null)], [Webhooks.Text(WaId, "Hola")]),
            Webhooks.Change([Webhooks.Contact(other, "ES.998877"), Webhooks.Contact(third, null)], [Webhooks.Text(third, "Buenas"), Webhooks.Text(other, "Hola", userId: "ES.998877")]));
        var secondEntry = new JsonArray(Webhooks.Change([], [], [Webhooks.Status("wamid.unknown==", "read", WaId)]));

        await host.DeliverAsync(Webhooks.Envelope([firstEntry, secondEntry]));

        Assert.Equal(["+16505551234", "+34612345678", "+593987654321"], host.Graph.Sent.Select(m => m.To).Order());
    }

    [Fact]
    public async Task Messages_for_another_phone_number_id_are_acknowledged_and_ignored()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var change = Webhooks.Change([Webhooks.Contact(WaId, null)], [Webhooks.Text(WaId, "Hola")]);
        change["value"]!["metadata"]!["phone_number_id"] = "999999999999999";

        var response = await host.DeliverAsync(Webhooks.Envelope(change));

        Assert.True(response.IsSuccessStatusCode);
        Assert.Empty(host.Graph.Sent);
    }

    [Fact]
    public async Task A_webhook_acknowledged_before_a_crash_is_processed_once_after_the_restart()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("iessbot-wa-crash-").FullName;
        try
        {
            var stopped = new Dictionary<string, string?> { ["WhatsApp:ProcessInbox"] = "false" };
            await using (var first = await WhatsAppTestHost.StartAsync(stopped, graph, dataDirectory))
            {
                var response = await Webhooks.PostAsync(first.Http, Webhooks.Envelope(Webhooks.Change([Webhooks.Contact(WaId, null)], [Webhooks.Text(WaId, "Hola")])));
                Assert.True(response.IsSuccessStatusCode);
                Assert.Equal(1, await first.Inbox.CountPendingAsync(default));
                await first.Bot.StopAsync();
            }
            Assert.Empty(graph.Sent);

            await using (var second = await WhatsAppTestHost.StartAsync(graph: graph, dataDirectory: dataDirectory))
            {
                await second.DrainAsync();
                await second.Bot.StopAsync();
            }
            Assert.Single(graph.Sent);

            await using (var third = await WhatsAppTestHost.StartAsync(graph: graph, dataDirectory: dataDirectory))
            {
                await third.DrainAsync();
                await Task.Delay(200);
            }
            Assert.Single(graph.Sent);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Status_webhooks_move_delivery_state_forward_and_never_reach_the_dialog()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var citizen = new WhatsAppCitizen(host, WaId);
        var menu = Assert.Single(await citizen.SayAsync("Hola"));
        var delivery = host.Bot.Services.GetRequiredService<IWhatsAppDeliveryState>();
        Assert.Equal(DeliveryStatus.Accepted, (await delivery.GetAsync(menu.MessageId, default))!.Status);

        foreach (var status in new[] { "sent", "read", "delivered", "sent" })
        {
            await host.DeliverAsync(Webhooks.Envelope(Webhooks.Change([], [], [Webhooks.Status(menu.MessageId, status, WaId)])));
        }
        // The same status twice, and one about a message another tool sent.
        await host.DeliverAsync(Webhooks.Envelope(Webhooks.Change([], [], [Webhooks.Status(menu.MessageId, "read", WaId), Webhooks.Status("wamid.other==", "failed", WaId, 131047)])));

        Assert.Equal(DeliveryStatus.Read, (await delivery.GetAsync(menu.MessageId, default))!.Status);
        Assert.Null(await delivery.GetAsync("wamid.other==", default));
        Assert.Single(host.Graph.Sent);
    }

    [Fact]
    public async Task A_failed_status_after_sent_records_its_error_code()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var menu = Assert.Single(await new WhatsAppCitizen(host, WaId).SayAsync("Hola"));

        await host.DeliverAsync(Webhooks.Envelope(Webhooks.Change([], [], [Webhooks.Status(menu.MessageId, "sent", WaId), Webhooks.Status(menu.MessageId, "failed", WaId, 131026)])));

        var record = await host.Bot.Services.GetRequiredService<IWhatsAppDeliveryState>().GetAsync(menu.MessageId, default);
        Assert.Equal(DeliveryStatus.Failed, record!.Status);
        Assert.Equal("131026", record.ErrorCode);
    }
}
