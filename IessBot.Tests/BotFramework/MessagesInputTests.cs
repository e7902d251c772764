using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Tests.Infrastructure;

namespace IessBot.Tests.BotFramework;

/// <summary>Malformed and oversized bodies get a clear 4xx, never reach the bot, and leave the app serving.</summary>
public sealed class MessagesInputTests : IAsyncLifetime
{
    private EmulatorConnector _connector = null!;
    private TestBotHost _host = null!;

    private TurnLog Log => _host.Services.GetRequiredService<TurnLog>();

    public async Task InitializeAsync()
    {
        _connector = await EmulatorConnector.StartAsync();
        _host = await BotHosts.StartAsync<EchoBot>();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Theory]
    [InlineData("", "BadArgument")]
    [InlineData("{ \"type\": \"message\", ", "BadSyntax")]
    [InlineData("not json at all", "BadSyntax")]
    [InlineData("[ { \"type\": \"message\" } ]", "BadArgument")]
    [InlineData("\"message\"", "BadArgument")]
    [InlineData("{ \"text\": \"hola\" }", "MissingProperty")]
    [InlineData("{ \"type\": \"\" }", "MissingProperty")]
    [InlineData("{ \"type\": \"message\", \"text\": 5 }", "BadSyntax")]
    [InlineData("{ \"type\": \"message\", \"from\": \"user\" }", "BadSyntax")]
    public async Task Unusable_body_is_refused_with_400_and_a_clear_error(string body, string code)
    {
        using var response = await _host.PostMessagesAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        Assert.Empty(Log.Seen);
        await AssertStillServesAsync();
    }

    [Theory]
    [InlineData("channelId")]
    [InlineData("conversation")]
    [InlineData("serviceUrl")]
    public async Task Activity_without_its_addressing_is_refused_with_missing_property(string member)
    {
        var json = JsonSerializer.SerializeToNode(_connector.StartConversation().Message("hola"), BotJson.Options)!.AsObject();
        json.Remove(member);

        using var response = await _host.PostMessagesAsync(json.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("MissingProperty", error["code"]!.GetValue<string>());
        Assert.Contains(member, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Log.Seen);
    }

    [Fact]
    public async Task Service_url_that_is_not_http_is_refused()
    {
        var message = _connector.StartConversation().Message("hola") with { ServiceUrl = "file:///etc/" };

        using var response = await _host.PostActivityAsync(message);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Log.Seen);
    }

    [Fact]
    public async Task Ten_megabyte_body_is_refused_from_its_length_before_it_is_read()
    {
        var body = BigActivity(10 * 1024 * 1024);

        using var response = await _host.PostMessagesAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("MessageSizeTooBig", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
        Assert.Empty(Log.Seen);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task Oversized_body_without_a_length_is_cut_off_at_the_limit()
    {
        using var client = _host.CreateClient();
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(BigActivity(2 * 1024 * 1024))));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(Log.Seen);
        await AssertStillServesAsync();
    }

    private string BigActivity(int size)
    {
        var json = JsonSerializer.SerializeToNode(_connector.StartConversation().Message("hola"), BotJson.Options)!.AsObject();
        json["text"] = new string('a', size);
        return json.ToJsonString();
    }

    private async Task AssertStillServesAsync()
    {
        var before = _connector.Requests.Count;
        using var response = await _host.PostActivityAsync(_connector.StartConversation().Message("sigue"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eco: sigue", _connector.Requests[before].Activity.Text);
    }
}
