using IessBot.BotFramework.Connector;
using IessBot.BotFramework.Schema;
using IessBot.Tests.Infrastructure;

namespace IessBot.Tests.BotFramework;

/// <summary>The Connector client on its own (reference §2.1, §2.3, §2.4, §5.3).</summary>
public sealed class ConnectorClientTests
{
    [Theory]
    [InlineData("http://localhost:60844", "c1", null, "http://localhost:60844/v3/conversations/c1/activities")]
    [InlineData("https://directline.botframework.com/", "c1", "c1|0000003", "https://directline.botframework.com/v3/conversations/c1/activities/c1%7C0000003")]
    [InlineData("https://smba.trafficmanager.net/amer/", "19:x@thread.tacv2;messageid=1", null, "https://smba.trafficmanager.net/amer/v3/conversations/19%3Ax%40thread.tacv2%3Bmessageid%3D1/activities")]
    [InlineData("https://smba.trafficmanager.net/amer//", "a/b", "", "https://smba.trafficmanager.net/amer/v3/conversations/a%2Fb/activities")]
    public void Activities_url_appends_to_the_service_url_path_with_encoded_ids(string serviceUrl, string conversationId, string? replyToId, string expected)
    {
        Assert.Equal(expected, ConnectorClient.ActivitiesUri(serviceUrl, conversationId, replyToId).AbsoluteUri);
    }

    [Fact]
    public async Task Connector_error_becomes_an_exception_with_the_error_code()
    {
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await BotHosts.StartAsync<EchoBot>();
        var client = host.Services.GetRequiredService<ConnectorClient>();
        var reply = connector.StartConversation().Message("hola").CreateReply("respuesta");
        connector.RespondNextWith(404);

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendAsync(reply, CancellationToken.None));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("ScriptedFailure", error.Code);
        Assert.DoesNotContain("respuesta", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_returns_the_id_the_connector_assigned()
    {
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await BotHosts.StartAsync<EchoBot>();
        var client = host.Services.GetRequiredService<ConnectorClient>();

        var result = await client.SendAsync(connector.StartConversation().Message("hola").CreateReply("respuesta"), CancellationToken.None);

        Assert.Equal(Assert.Single(connector.Requests).AssignedId, result.Id);
    }

    [Fact]
    public async Task No_token_is_sent_to_a_service_url_not_seen_on_an_authenticated_request()
    {
        await using var authority = await BotFrameworkAuthority.StartAsync();
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await BotHosts.StartAsync<EchoBot>(authority.BotSettings("app-id"));
        var client = host.Services.GetRequiredService<ConnectorClient>();
        var reply = connector.StartConversation().Message("hola").CreateReply("respuesta");

        var error = await Assert.ThrowsAsync<ConnectorException>(() => client.SendAsync(reply, CancellationToken.None));

        Assert.Equal("UntrustedServiceUrl", error.Code);
        Assert.Empty(connector.Requests);
        Assert.Empty(authority.TokenRequests);
    }
}
