using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.DirectLine;
using IessBot.Notifications;
using IessBot.Tests.DirectLine;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Storage;
using IessBot.Tests.WhatsApp;
using IessBot.WhatsApp;
using Microsoft.Extensions.Logging;

namespace IessBot.Tests.Notifications;

/// <summary>
/// A request for information reaches the citizen on every kind of channel, through the outbox and the real parts: the
/// SMTP server, the Emulator's Connector, the app's own Direct Line, and the Graph API test server of WhatsApp.
/// </summary>
public sealed class CitizenNoticeDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private const string WaId = "593987650001";

    private static async Task QueueAsync(TestBotHost host, FiledCase filed, CaseEvent publicEvent)
    {
        var outbox = host.Services.GetRequiredService<IOutbox>();
        foreach (var message in host.Services.GetRequiredService<CitizenNotices>().For(filed, publicEvent))
        {
            await outbox.EnqueueAsync(message, CancellationToken.None);
        }
        host.Services.GetRequiredService<OutboxSignal>().Notify();
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }

    private static void AssertNothingPersonalIn(LogCapture logs, FiledCase filed, params string[] more)
    {
        Assert.NotEmpty(logs.Entries);
        foreach (var secret in new[] { filed.Email, filed.Cedula, CitizenNoticesTests.Request, CitizenNoticesTests.Resolution }.Concat(more))
        {
            Assert.DoesNotContain(logs.Entries, entry => entry.Message.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_email_of_a_request_reaches_the_smtp_server_with_the_request_text()
    {
        using var mail = new MailServer();
        var logs = new LogCapture();
        await using var host = await TestBotHost.StartAsync(mail.Settings(), configure: b => b.Logging.AddProvider(logs));
        var filed = EmbeddedStorage.SampleCase();

        await QueueAsync(host, filed, CitizenNoticesTests.Requested());

        Assert.True(await mail.WaitForAsync(1, Patience));
        var email = Assert.Single(mail.Received);
        Assert.Equal(filed.Email, Assert.Single(email.To.Mailboxes).Address);
        Assert.Contains(CitizenNoticesTests.Request, email.TextBody);
        Assert.Contains("Consultar mi caso", email.HtmlBody);
        Assert.Equal($"{filed.CaseNumber}.informationrequested.{CitizenNoticesTests.At.UtcTicks}@iess.gob.ec", email.MessageId);
        AssertNothingPersonalIn(logs, filed);
    }

    [Fact]
    public async Task A_bot_framework_conversation_gets_a_proactive_message_at_its_service_url()
    {
        await using var connector = await EmulatorConnector.StartAsync();
        var logs = new LogCapture();
        await using var host = await TestBotHost.StartAsync(configure: b => b.Logging.AddProvider(logs));
        var conversation = connector.StartConversation();
        var origin = new CitizenChannel(Channels.Emulator, conversation.ServiceUrl, conversation.ConversationId, conversation.User.Id, conversation.Bot.Id);
        var filed = EmbeddedStorage.SampleCase() with { Origin = origin };

        await QueueAsync(host, filed, CitizenNoticesTests.Resolved());

        var request = Assert.Single(await connector.WaitForRequestsAsync(1));
        Assert.Equal(conversation.ConversationId, request.ConversationId);
        Assert.Null(request.Activity.ReplyToId);
        Assert.Equal(ActivityTypes.Message, request.Activity.Type);
        Assert.Equal(conversation.User.Id, request.Activity.Recipient?.Id);
        Assert.Equal(conversation.Bot.Id, request.Activity.From?.Id);
        Assert.Contains(CitizenNoticesTests.Resolution, request.Activity.Text);
        Assert.True(await WaitAsync(async () => (await host.Services.GetRequiredService<IOutbox>().ListAsync(OutboxState.Sent, 10, default)).Any(e => e.Channel == OutboxChannels.Chat)));
        AssertNothingPersonalIn(logs, filed, conversation.User.Id);
    }

    [Fact]
    public async Task A_connector_that_fails_is_retried_until_the_message_is_delivered_once()
    {
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Notifications:PollInterval"] = "00:00:00.100",
            ["Notifications:RetryInitialDelay"] = "00:00:00.100",
            ["Notifications:RetryMaxDelay"] = "00:00:00.200",
        });
        var conversation = connector.StartConversation();
        var filed = EmbeddedStorage.SampleCase() with
        {
            Origin = new CitizenChannel(Channels.Emulator, conversation.ServiceUrl, conversation.ConversationId, conversation.User.Id, conversation.Bot.Id),
        };
        connector.RespondNextWith(503, times: 2);

        await QueueAsync(host, filed, CitizenNoticesTests.Requested());

        Assert.Contains(CitizenNoticesTests.Request, Assert.Single(await connector.WaitForRequestsAsync(1)).Activity.Text);
        Assert.True(await WaitAsync(async () => (await host.Services.GetRequiredService<IOutbox>().ListAsync(OutboxState.Sent, 10, default))
            .Any(e => e.Channel == OutboxChannels.Chat && e.Attempts == 3)));
        await Task.Delay(300);
        Assert.Single(connector.Requests);
    }

    [Fact]
    public async Task A_case_filed_in_the_apps_web_chat_gets_the_message_in_its_conversation_live_and_after_a_reload()
    {
        var logs = new LogCapture();
        await using var host = await TestBotHost.StartAsync(configure: b => b.Logging.AddProvider(logs));
        using var client = await DirectLineTestClient.StartAsync(host);
        await client.NewActivitiesAsync();
        IReadOnlyList<Activity> replies = [];
        foreach (var answer in IessBot.Tests.EndToEnd.EmulatorFilingScript.Answers(CaseType.Queja))
        {
            replies = await client.SayAsync(answer);
        }
        var caseNumber = replies.Select(r => IessBot.Tests.EndToEnd.EmulatorFilingScript.FindCaseNumber(r.Text)).First(n => n is not null)!;
        var filed = (await host.Services.GetRequiredService<ICaseStore>().GetAsync(caseNumber, default))!;
        Assert.Equal(CallerIds.SelfHostedDirectLine, filed.Origin?.CallerId);
        Assert.Equal((Channels.DirectLine, client.ConversationId, client.UserId), (filed.Origin!.ChannelId, filed.Origin.ConversationId, filed.Origin.UserId));

        await QueueAsync(host, filed, CitizenNoticesTests.Requested());

        IReadOnlyList<Activity> received = [];
        Assert.True(await WaitAsync(async () => (received = await client.NewActivitiesAsync()).Count > 0));
        var notice = Assert.Single(received);
        Assert.Contains(CitizenNoticesTests.Request, notice.Text);
        Assert.Equal(client.UserId, notice.Recipient?.Id);
        Assert.Equal(RoleTypes.Bot, notice.From?.Role);
        Assert.StartsWith(client.ConversationId + "|", notice.Id, StringComparison.Ordinal);
        // A reload reads the log from the start: the notice is in the history.
        var (history, _) = await host.Services.GetRequiredService<ConversationLog>().ReadAsync(client.ConversationId, 0, 100, default);
        Assert.Contains(history, json => System.Text.Encoding.UTF8.GetString(json.Span).Contains("Adjunte la constancia", StringComparison.Ordinal));
        AssertNothingPersonalIn(logs, filed, client.UserId);
    }

    [Fact]
    public async Task A_whatsapp_citizen_who_wrote_today_gets_the_text_and_one_who_did_not_gets_the_template()
    {
        var logs = new LogCapture();
        await using var host = await WhatsAppTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["WhatsApp:Templates:CaseUpdate"] = "novedad_caso",
            ["WhatsApp:Templates:Language"] = "es",
        }, configure: b => b.Logging.AddProvider(logs));
        var delivery = host.Bot.Services.GetRequiredService<IWhatsAppDeliveryState>();
        await delivery.RecordInboundAsync(WaId, DateTimeOffset.UtcNow.AddHours(-2), default);
        const string silent = "593987650002";
        var recent = EmbeddedStorage.SampleCase() with { Origin = new CitizenChannel(Channels.WhatsApp, null, "whatsapp:1", WaId, null) };
        var old = EmbeddedStorage.SampleCase() with { Origin = new CitizenChannel(Channels.WhatsApp, null, "whatsapp:2", silent, null) };

        await QueueAsync(host.Bot, recent, CitizenNoticesTests.Requested());
        await QueueAsync(host.Bot, old, CitizenNoticesTests.Requested());

        Assert.True(await WaitAsync(() => Task.FromResult(host.Graph.SentTo(WaId).Count > 0 && host.Graph.SentTo(silent).Count > 0)));
        var text = Assert.Single(host.Graph.SentTo(WaId));
        Assert.Equal("text", text.Type);
        Assert.Contains(CitizenNoticesTests.Request, text.Text);
        var template = Assert.Single(host.Graph.SentTo(silent));
        Assert.Equal("template", template.Type);
        Assert.Equal("novedad_caso", template.Body["template"]?["name"]?.GetValue<string>());
        Assert.Equal("es", template.Body["template"]?["language"]?["code"]?.GetValue<string>());
        var parameters = template.Body["template"]!["components"]![0]!["parameters"]!.AsArray();
        Assert.Equal(old.CaseNumber, parameters[0]!["text"]!.GetValue<string>());
        Assert.Contains("Consultar mi caso", parameters[1]!["text"]!.GetValue<string>());
        Assert.DoesNotContain(CitizenNoticesTests.Request, template.Body.ToJsonString());
        AssertNothingPersonalIn(logs, recent, WaId, silent);
    }
}
