using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace IessBot.Tests.BotFramework;

/// <summary>Conformance checks 1–4 of reference §7 against the real app over loopback, auth disabled.</summary>
public sealed class MessagesEndpointTests : IAsyncLifetime
{
    private readonly LogCapture _logs = new();
    private EmulatorConnector _connector = null!;
    private TestBotHost _host = null!;

    private TurnLog Log => _host.Services.GetRequiredService<TurnLog>();

    public async Task InitializeAsync()
    {
        _connector = await EmulatorConnector.StartAsync();
        _host = await BotHosts.StartAsync<EchoBot>(configure: b => b.Logging.AddProvider(_logs));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Emulator_conversation_start_is_answered_with_a_welcome_reply_through_the_connector()
    {
        var conversation = _connector.StartConversation();
        var update = conversation.ConversationUpdate();

        using var response = await _host.PostActivityAsync(update).WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var call = Assert.Single(_connector.Requests);
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(conversation.ConversationId)}/activities/{update.Id}", call.RawTarget);
        Assert.Contains("%7Clivechat", call.RawTarget, StringComparison.Ordinal);
        Assert.Equal(conversation.ConversationId, call.ConversationId);
        Assert.Equal(update.Id, call.Activity.ReplyToId);
        Assert.Equal(conversation.Bot.Id, call.Activity.From!.Id);
        Assert.Equal(conversation.User.Id, call.Activity.Recipient!.Id);
        Assert.Equal(conversation.ConversationId, call.Activity.Conversation!.Id);
        Assert.Equal(EchoBot.Welcome, call.Activity.Text);
        Assert.Null(call.Authorization);
        Assert.Equal("application/json; charset=utf-8", call.ContentType);
    }

    [Fact]
    public async Task Emulator_client_returns_the_replies_of_each_turn()
    {
        using var emulator = new EmulatorClient(_host, _connector);

        var welcome = await emulator.StartAsync();
        var echo = await emulator.SayAsync("quiero registrar una queja");

        Assert.Equal([EchoBot.Welcome], welcome.Select(a => a.Text));
        Assert.Equal(["eco: quiero registrar una queja"], echo.Select(a => a.Text));
        Assert.Equal("bot", echo[0].From!.Role);
    }

    [Theory]
    [InlineData("ping")]
    [InlineData("deleteUserData")]
    [InlineData("contactRelationUpdate")]
    [InlineData("typing")]
    [InlineData("someFutureType")]
    public async Task Activity_types_the_bot_does_not_handle_are_accepted(string type)
    {
        var activity = _connector.StartConversation().Create(type);

        using var response = await _host.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, Assert.Single(Log.Seen).Type);
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task Reply_goes_to_reply_to_activity_with_percent_encoded_ids()
    {
        var conversation = new EmulatorConversation(_connector.ServiceUrl, Channels.DirectLine, "LkrMRVxnwvD4VIM2sbSO7t-h");
        var message = conversation.Message("hola") with { Id = "LkrMRVxnwvD4VIM2sbSO7t-h|0000003" };

        using var response = await _host.PostActivityAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(_connector.Requests);
        Assert.Equal("/v3/conversations/LkrMRVxnwvD4VIM2sbSO7t-h/activities/LkrMRVxnwvD4VIM2sbSO7t-h%7C0000003", call.RawTarget);
        Assert.Equal("LkrMRVxnwvD4VIM2sbSO7t-h|0000003", call.ActivityId);
        Assert.Equal("LkrMRVxnwvD4VIM2sbSO7t-h|0000003", call.Activity.ReplyToId);
        Assert.Equal("eco: hola", call.Activity.Text);
        Assert.Null(call.Activity.Id);
    }

    [Fact]
    public async Task Reply_to_a_direct_line_conversation_update_is_sent_without_reply_to_id()
    {
        var conversation = new EmulatorConversation(_connector.ServiceUrl, Channels.DirectLine, "I02GjBASIPz4DOmNQeTxKL");

        using var response = await _host.PostActivityAsync(conversation.ConversationUpdate());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(_connector.Requests);
        Assert.Equal("/v3/conversations/I02GjBASIPz4DOmNQeTxKL/activities", call.RawTarget);
        Assert.Null(call.ActivityId);
        Assert.Null(call.Activity.ReplyToId);
    }

    [Fact]
    public async Task Expect_replies_returns_the_replies_in_the_body_and_calls_no_connector()
    {
        var message = _connector.StartConversation().Message("hola") with { DeliveryMode = DeliveryModes.ExpectReplies, ServiceUrl = null };

        using var response = await _host.PostActivityAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var reply = Assert.Single(body["activities"]!.AsArray());
        Assert.Equal("eco: hola", reply!["text"]!.GetValue<string>());
        Assert.Equal(message.Id, reply["replyToId"]!.GetValue<string>());
        Assert.Empty(_connector.Requests);
    }

    [Fact]
    public async Task Invoke_without_a_handler_is_answered_501()
    {
        var invoke = _connector.StartConversation().Create(ActivityTypes.Invoke) with { Name = "adaptiveCard/action" };

        using var response = await _host.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task Invoke_handled_by_the_bot_returns_its_status_and_body()
    {
        var invoke = _connector.StartConversation().Create(ActivityTypes.Invoke) with { Name = "handled" };

        using var response = await _host.PostActivityAsync(invoke);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"ok":true}"""), JsonNode.Parse(await response.Content.ReadAsStringAsync())));
    }

    [Fact]
    public async Task Trace_activities_reach_the_emulator()
    {
        using var response = await _host.PostActivityAsync(_connector.StartConversation().Message("trace"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([ActivityTypes.Trace, ActivityTypes.Message], _connector.Requests.Select(r => r.Activity.Type));
    }

    [Fact]
    public async Task Trace_activities_are_not_sent_to_other_channels()
    {
        var conversation = new EmulatorConversation(_connector.ServiceUrl, Channels.DirectLine, "abc");

        using var response = await _host.PostActivityAsync(conversation.Message("trace"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([ActivityTypes.Message], _connector.Requests.Select(r => r.Activity.Type));
    }

    [Fact]
    public async Task Caller_id_from_the_wire_is_not_trusted()
    {
        var message = _connector.StartConversation().Message("hola") with { CallerId = "urn:botframework:azure" };

        using var response = await _host.PostActivityAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Assert.Single(Log.Seen).CallerId);
    }

    [Fact]
    public async Task Empty_bearer_header_is_ignored_when_auth_is_disabled()
    {
        using var client = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(JsonSerializer.Serialize(_connector.StartConversation().Message("hola"), BotJson.Options), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer ");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_presented_to_a_bot_without_app_id_is_rejected()
    {
        using var response = await _host.PostActivityAsync(_connector.StartConversation().Message("hola"), bearerToken: "eyJhbGciOiJub25lIn0.e30.");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Log.Seen);
    }

    [Fact]
    public async Task Get_on_the_messages_endpoint_is_405()
    {
        using var client = _host.CreateClient();

        using var response = await client.GetAsync("/api/messages");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task The_same_activity_posted_twice_is_processed_once()
    {
        var message = _connector.StartConversation().Message("hola");

        var responses = await Task.WhenAll(_host.PostActivityAsync(message), _host.PostActivityAsync(message));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(Log.Seen);
        Assert.Single(_connector.Requests);
    }

    [Fact]
    public async Task Message_text_is_never_logged()
    {
        const string text = "mi cédula es 1710034065";

        using var response = await _host.PostActivityAsync(_connector.StartConversation().Message(text));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(_logs.Entries);
        Assert.False(_logs.Contains("1710034065"));
    }
}
