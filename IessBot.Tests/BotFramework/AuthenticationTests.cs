using System.Net;
using IessBot.BotFramework.Schema;
using IessBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace IessBot.Tests.BotFramework;

/// <summary>Conformance check 5 of reference §7: inbound JWTs (§5.1, §5.2) and outbound tokens (§5.3), all on loopback.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string AppId = "2b5a8f3e-0c1d-4e6f-9a7b-8c9d0e1f2a3b";
    private readonly LogCapture _logs = new();
    private BotFrameworkAuthority _authority = null!;
    private EmulatorConnector _connector = null!;
    private TestBotHost _host = null!;

    private TurnLog Log => _host.Services.GetRequiredService<TurnLog>();

    public async Task InitializeAsync()
    {
        _authority = await BotFrameworkAuthority.StartAsync();
        _connector = await EmulatorConnector.StartAsync();
        _host = await BotHosts.StartAsync<EchoBot>(_authority.BotSettings(AppId), b => b.Logging.AddProvider(_logs));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
        await _authority.DisposeAsync();
    }

    [Fact]
    public async Task Request_without_authorization_is_401()
    {
        using var response = await _host.PostActivityAsync(_connector.StartConversation().Message("hola"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Log.Seen);
    }

    [Fact]
    public async Task Empty_bearer_is_401_when_auth_is_on()
    {
        using var response = await _host.PostActivityAsync(_connector.StartConversation().Message("hola"), bearerToken: "");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("wrong audience", "InvalidAudience")]
    [InlineData("wrong issuer", "unknown issuer")]
    [InlineData("expired", "InvalidLifetime")]
    [InlineData("not yet valid", "InvalidLifetime")]
    [InlineData("bad signature", "InvalidSignature")]
    [InlineData("unsigned", "InvalidSignature")]
    [InlineData("serviceurl mismatch", "serviceurl")]
    [InlineData("serviceurl missing", "serviceurl")]
    [InlineData("key not endorsed for the channel", "not endorsed")]
    [InlineData("garbage", "malformed")]
    public async Task Invalid_channel_token_is_401(string defect, string reason)
    {
        var message = _connector.StartConversation().Message("hola");
        var token = defect == "garbage" ? "not.a.jwt" : BotFrameworkAuthority.Sign(Break(_authority.ChannelToken(AppId, message.ServiceUrl!), defect));

        using var response = await _host.PostActivityAsync(message, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Log.Seen);
        Assert.Empty(_connector.Requests);
        // Rejected for the intended reason, not by accident.
        Assert.Contains(_logs.Entries, e => e.Message.StartsWith("Inbound request rejected", StringComparison.Ordinal) && e.Message.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Valid_channel_token_is_accepted_and_the_reply_carries_a_connector_token()
    {
        var message = _connector.StartConversation().Message("hola");
        var token = BotFrameworkAuthority.Sign(_authority.ChannelToken(AppId, message.ServiceUrl!.ToUpperInvariant()));

        using var response = await _host.PostActivityAsync(message, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("urn:botframework:azure", Assert.Single(Log.Seen).CallerId);
        var call = Assert.Single(_connector.Requests);
        Assert.Equal("Bearer connector-token-1", call.Authorization);
        var form = Assert.Single(_authority.TokenRequests);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(AppId, form["client_id"]);
        Assert.Equal("test-secret", form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
    }

    [Fact]
    public async Task Connector_token_is_cached_across_turns()
    {
        var conversation = _connector.StartConversation();
        for (var i = 0; i < 3; i++)
        {
            var message = conversation.Message($"m{i}");
            using var response = await _host.PostActivityAsync(message, BotFrameworkAuthority.Sign(_authority.ChannelToken(AppId, message.ServiceUrl!)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Single(_authority.TokenRequests);
        Assert.All(_connector.Requests, r => Assert.Equal("Bearer connector-token-1", r.Authorization));
    }

    [Fact]
    public async Task Connector_401_is_retried_once_with_a_fresh_token()
    {
        var message = _connector.StartConversation().Message("hola");
        _connector.RespondNextWith(401);

        using var response = await _host.PostActivityAsync(message, BotFrameworkAuthority.Sign(_authority.ChannelToken(AppId, message.ServiceUrl!)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _authority.TokenRequests.Count);
        Assert.Equal("Bearer connector-token-2", Assert.Single(_connector.Requests).Authorization);
    }

    [Fact]
    public async Task Token_signed_with_a_key_published_after_start_is_accepted_after_one_refetch()
    {
        var conversation = _connector.StartConversation();
        var first = conversation.Message("uno");
        using var warmUp = await _host.PostActivityAsync(first, BotFrameworkAuthority.Sign(_authority.ChannelToken(AppId, first.ServiceUrl!)));
        Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        var rolled = BotFrameworkAuthority.NewKey("rolled-key");
        _authority.RollChannelKey(rolled);
        var second = conversation.Message("dos");
        var descriptor = _authority.ChannelToken(AppId, second.ServiceUrl!);
        descriptor.SigningCredentials = rolled;

        using var response = await _host.PostActivityAsync(second, BotFrameworkAuthority.Sign(descriptor));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("Bearer", null)]
    [InlineData("Bearer    ", null)]
    [InlineData("bearer abc.def.ghi", "abc.def.ghi")]
    [InlineData("Basic dXNlcjpwYXNz", "Basic dXNlcjpwYXNz")]
    public void Bearer_token_is_taken_from_the_header_and_an_empty_one_is_none(string? header, string? expected)
    {
        Assert.Equal(expected, IessBot.BotFramework.Auth.BotAuthenticator.BearerToken(header));
    }

    [Fact]
    public async Task Token_expired_within_the_five_minute_skew_is_accepted()
    {
        var message = _connector.StartConversation().Message("hola");
        var descriptor = _authority.ChannelToken(AppId, message.ServiceUrl!);
        descriptor.NotBefore = DateTime.UtcNow.AddMinutes(-30);
        descriptor.IssuedAt = descriptor.NotBefore;
        descriptor.Expires = DateTime.UtcNow.AddMinutes(-2);

        using var response = await _host.PostActivityAsync(message, BotFrameworkAuthority.Sign(descriptor));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("1.0", BotFrameworkAuthority.BotFrameworkTenant)]
    [InlineData("2.0", BotFrameworkAuthority.BotFrameworkTenant)]
    [InlineData("1.0", "0d3f7b61-5b58-4e0c-9f5e-0e6a2a1c9d11")]
    [InlineData("2.0", "0d3f7b61-5b58-4e0c-9f5e-0e6a2a1c9d11")]
    public async Task Emulator_token_naming_this_app_is_accepted(string version, string tenant)
    {
        var message = _connector.StartConversation().Message("hola");

        using var response = await _host.PostActivityAsync(message, BotFrameworkAuthority.Sign(_authority.EmulatorToken(AppId, version, tenant)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("urn:botframework:azure", Assert.Single(Log.Seen).CallerId);
        Assert.StartsWith("Bearer ", Assert.Single(_connector.Requests).Authorization);
    }

    [Theory]
    [InlineData("1.0", "appid")]
    [InlineData("2.0", "azp")]
    public async Task Emulator_token_of_another_app_is_401(string version, string claim)
    {
        var message = _connector.StartConversation().Message("hola");
        var descriptor = _authority.EmulatorToken(AppId, version);
        descriptor.Claims[claim] = "another-app";

        using var response = await _host.PostActivityAsync(message, BotFrameworkAuthority.Sign(descriptor));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Log.Seen);
    }

    [Fact]
    public async Task Emulator_token_without_version_is_401()
    {
        var message = _connector.StartConversation().Message("hola");
        var descriptor = _authority.EmulatorToken(AppId);
        descriptor.Claims.Remove("ver");

        using var response = await _host.PostActivityAsync(message, BotFrameworkAuthority.Sign(descriptor));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Emulator_token_signed_with_a_channel_key_is_401()
    {
        var message = _connector.StartConversation().Message("hola");
        var descriptor = _authority.EmulatorToken(AppId);
        descriptor.SigningCredentials = _authority.ChannelKey;

        using var response = await _host.PostActivityAsync(message, BotFrameworkAuthority.Sign(descriptor));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private SecurityTokenDescriptor Break(SecurityTokenDescriptor token, string defect)
    {
        var now = DateTime.UtcNow;
        switch (defect)
        {
            case "wrong audience": token.Audience = "some-other-bot"; break;
            case "wrong issuer": token.Issuer = "https://api.botframework.com.evil.test"; break;
            case "expired": token.NotBefore = token.IssuedAt = now.AddHours(-2); token.Expires = now.AddHours(-1); break;
            case "not yet valid": token.NotBefore = token.IssuedAt = now.AddHours(1); token.Expires = now.AddHours(2); break;
            case "bad signature": token.SigningCredentials = _authority.UnpublishedKey; break;
            case "unsigned": token.SigningCredentials = null; break;
            case "serviceurl mismatch": token.Claims["serviceurl"] = "https://elsewhere.test/"; break;
            case "serviceurl missing": token.Claims.Remove("serviceurl"); break;
            case "key not endorsed for the channel": token.SigningCredentials = _authority.TeamsOnlyKey; break;
            default: throw new ArgumentOutOfRangeException(nameof(defect));
        }
        return token;
    }
}
