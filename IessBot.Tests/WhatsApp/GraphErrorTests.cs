using IessBot.Tests.Infrastructure;
using IessBot.WhatsApp;
using Microsoft.Extensions.Logging;

namespace IessBot.Tests.WhatsApp;

/// <summary>The error codes of reference/whatsapp.md §5.12, answered by the fake Graph API.</summary>
public sealed class GraphErrorTests
{
    private const string WaId = "593992223344";

    [Theory]
    [InlineData(429, 130429)]
    [InlineData(400, 131056)]
    [InlineData(500, 1)]
    [InlineData(503, 2)]
    public async Task Rate_limits_and_transient_errors_are_retried_until_the_message_goes_out(int status, long code)
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        host.Graph.FailNextSends(status, code, times: 2);

        var replies = await new WhatsAppCitizen(host, WaId).SayAsync("Hola");

        Assert.Single(replies);
        Assert.Equal(3, host.Graph.SendAttempts);
    }

    [Theory]
    [InlineData(401, 190)]
    [InlineData(400, 131026)]
    [InlineData(403, 368)]
    [InlineData(400, 131047)]
    public async Task Permanent_errors_are_not_retried_and_are_logged_with_their_code(int status, long code)
    {
        var logs = new LogCapture();
        await using var host = await WhatsAppTestHost.StartAsync(configure: b => b.Logging.AddProvider(logs));
        host.Graph.FailNextSends(status, code);

        var replies = await new WhatsAppCitizen(host, WaId).SayAsync("Hola");

        Assert.Empty(replies);
        Assert.Equal(1, host.Graph.SendAttempts);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains($"error code {code}", StringComparison.Ordinal)
            && e.Message.Contains("AbCdEfTrace", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        await using var host = await WhatsAppTestHost.StartAsync(new Dictionary<string, string?> { ["WhatsApp:MaxAttempts"] = "3" });
        host.Graph.FailNextSends(429, 130429, times: 5);

        var replies = await new WhatsAppCitizen(host, WaId).SayAsync("Hola");

        Assert.Empty(replies);
        Assert.Equal(3, host.Graph.SendAttempts);
    }

    [Fact]
    public async Task An_interactive_message_refused_as_invalid_is_sent_once_more_as_numbered_text()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        host.Graph.FailNextSends(400, 100);

        var reply = Assert.Single(await new WhatsAppCitizen(host, WaId).SayAsync("Hola"));

        Assert.Equal("text", reply.Type);
        Assert.Contains("1. Registrar queja", reply.Text, StringComparison.Ordinal);
        Assert.Equal(2, host.Graph.SendAttempts);
    }

    [Fact]
    public async Task A_notification_inside_the_window_is_a_text_and_outside_it_the_configured_template()
    {
        await using var host = await WhatsAppTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["WhatsApp:Templates:CaseUpdate"] = "estado_caso_iess",
            ["WhatsApp:Templates:Language"] = "es_EC",
        });
        const string recent = "593993334455";
        const string stale = "593994445566";
        await host.DeliverAsync(Webhooks.Envelope(Webhooks.Change([Webhooks.Contact(recent, null)], [Webhooks.Text(recent, "Hola")])));
        // Last written two days ago: a backlog message, or simply a citizen who has not written since.
        await host.DeliverAsync(Webhooks.Envelope(Webhooks.Change([Webhooks.Contact(stale, null)], [Webhooks.Text(stale, "Hola", Webhooks.Now - (2 * 86400))])));
        var notifier = host.Bot.Services.GetRequiredService<WhatsAppNotifier>();
        var before = host.Graph.Sent.Count;

        var inside = await notifier.NotifyCaseAsync("+" + recent, "Q-7K3M-9XPA-4F", "Su caso **Q-7K3M-9XPA-4F** está en revisión.", "en revisión", default);
        var outside = await notifier.NotifyCaseAsync(stale, "Q-7K3M-9XPA-4F", "Su caso está en revisión.", "en revisión", default);
        var never = await notifier.NotifyCaseAsync("+16505550000", "D-2222-3333-44", "Su caso está en revisión.", "en revisión", default);

        Assert.Equal(NotificationOutcome.SentAsText, inside);
        Assert.Equal(NotificationOutcome.SentAsTemplate, outside);
        Assert.Equal(NotificationOutcome.SentAsTemplate, never);
        var sent = host.Graph.Sent.Skip(before).ToList();
        Assert.Equal("Su caso *Q-7K3M-9XPA-4F* está en revisión.", sent[0].Text);
        Assert.Equal("template", sent[1].Type);
        Assert.Equal("+" + stale, sent[1].To);
        Assert.Equal("estado_caso_iess", sent[1].Body["template"]!["name"]!.GetValue<string>());
        Assert.Equal("es_EC", sent[1].Body["template"]!["language"]!["code"]!.GetValue<string>());
        Assert.Equal("Q-7K3M-9XPA-4F", sent[1].Body["template"]!["components"]![0]!["parameters"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("+16505550000", sent[2].To);
    }

    [Fact]
    public async Task A_text_notification_refused_for_the_closed_window_falls_back_to_the_template()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        const string recent = "593995556677";
        await host.DeliverAsync(Webhooks.Envelope(Webhooks.Change([Webhooks.Contact(recent, null)], [Webhooks.Text(recent, "Hola")])));
        host.Graph.FailNextSends(400, 131047);

        var outcome = await host.Bot.Services.GetRequiredService<WhatsAppNotifier>().NotifyCaseAsync(recent, "Q-7K3M-9XPA-4F", "texto", "en revisión", default);

        Assert.Equal(NotificationOutcome.SentAsTemplate, outcome);
        Assert.Equal("template", host.Graph.Sent[^1].Type);
    }
}
