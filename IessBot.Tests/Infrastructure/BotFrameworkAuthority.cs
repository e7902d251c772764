using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http.Features;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IessBot.Tests.Infrastructure;

/// <summary>
/// Azure Bot Service's identity side on loopback (reference §5): the channel OpenID metadata and JWKS (keys
/// carry <c>endorsements</c>), an AAD-style metadata and JWKS for Emulator tokens, and an OAuth2
/// client-credentials token endpoint. It mints tokens with its own RSA keys, so auth tests never leave the machine.
/// </summary>
public sealed class BotFrameworkAuthority : IAsyncDisposable
{
    public const string ChannelIssuer = "https://api.botframework.com";
    public const string BotFrameworkTenant = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _tokenRequests = new();
    private readonly ConcurrentQueue<SigningCredentials> _rolledKeys = new();
    private int _issued;

    private BotFrameworkAuthority(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    // RSA key generation is slow; one set of keys serves every authority of the test run.
    private static readonly SigningCredentials SharedChannelKey = NewKey("channel-key");
    private static readonly SigningCredentials SharedTeamsOnlyKey = NewKey("teams-only-key");
    private static readonly SigningCredentials SharedEmulatorKey = NewKey("aad-key");
    private static readonly SigningCredentials SharedUnpublishedKey = NewKey("channel-key");

    /// <summary>Signs channel tokens; published with endorsements for the usual channels.</summary>
    public SigningCredentials ChannelKey => SharedChannelKey;

    /// <summary>Published in the channel key set, but endorsed only for <c>msteams</c>.</summary>
    public SigningCredentials TeamsOnlyKey => SharedTeamsOnlyKey;

    /// <summary>Signs Emulator (AAD) tokens; published in the Emulator key set without endorsements.</summary>
    public SigningCredentials EmulatorKey => SharedEmulatorKey;

    /// <summary>Never published, but named like <see cref="ChannelKey"/>: tokens signed with it have a bad signature.</summary>
    public SigningCredentials UnpublishedKey => SharedUnpublishedKey;

    public IReadOnlyList<string> Endorsements { get; } = ["emulator", "directline", "webchat", "msteams", "test"];

    /// <summary>The <c>expires_in</c> of issued access tokens.</summary>
    public int AccessTokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Every client-credentials request received (form fields).</summary>
    public IReadOnlyCollection<IReadOnlyDictionary<string, string>> TokenRequests => _tokenRequests;

    public static async Task<BotFrameworkAuthority> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var authority = new BotFrameworkAuthority(app);
        authority.MapRoutes(app);
        await app.StartAsync();
        authority.BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');
        return authority;
    }

    /// <summary>Publishes another endorsed channel key, as Bot Framework does when it rolls its keys.</summary>
    public void RollChannelKey(SigningCredentials key) => _rolledKeys.Enqueue(key);

    /// <summary>A fresh RSA signing key (slow: about a tenth of a second).</summary>
    public static SigningCredentials NewKey(string keyId) =>
        new(new RsaSecurityKey(RSA.Create(2048)) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);

    /// <summary>The app settings that turn auth on against this authority.</summary>
    public Dictionary<string, string?> BotSettings(string appId, string password = "test-secret", string appType = "MultiTenant", string? tenantId = null) => new()
    {
        ["MicrosoftAppType"] = appType,
        ["MicrosoftAppId"] = appId,
        ["MicrosoftAppPassword"] = password,
        ["MicrosoftAppTenantId"] = tenantId ?? "",
        ["BotFramework:Auth:ChannelOpenIdMetadataUrl"] = $"{BaseUrl}/channel/.well-known/openidconfiguration",
        ["BotFramework:Auth:EmulatorOpenIdMetadataUrl"] = $"{BaseUrl}/aad/.well-known/openid-configuration",
        ["BotFramework:Auth:TokenEndpoint"] = $"{BaseUrl}/oauth2/v2.0/token",
    };

    /// <summary>A valid channel → bot token description (reference §5.1); adjust it to make it invalid.</summary>
    public SecurityTokenDescriptor ChannelToken(string appId, string serviceUrl)
    {
        var now = DateTime.UtcNow;
        return new SecurityTokenDescriptor
        {
            Issuer = ChannelIssuer,
            Audience = appId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = ChannelKey,
        };
    }

    /// <summary>A valid Emulator token (reference §3.7): AAD issuer, aud = app id, caller in appid (v1.0) or azp (v2.0).</summary>
    public SecurityTokenDescriptor EmulatorToken(string appId, string version = "1.0", string tenant = BotFrameworkTenant)
    {
        var now = DateTime.UtcNow;
        return new SecurityTokenDescriptor
        {
            Issuer = version == "1.0" ? $"https://sts.windows.net/{tenant}/" : $"https://login.microsoftonline.com/{tenant}/v2.0",
            Audience = appId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(30),
            Claims = new Dictionary<string, object>
            {
                ["ver"] = version,
                [version == "1.0" ? "appid" : "azp"] = appId,
                ["tid"] = tenant,
            },
            SigningCredentials = EmulatorKey,
        };
    }

    public static string Sign(SecurityTokenDescriptor descriptor) => new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void MapRoutes(WebApplication app)
    {
        app.MapGet("/channel/.well-known/openidconfiguration", () => Metadata(ChannelIssuer, "/channel/keys"));
        app.MapGet("/channel/keys", () => KeySet([(ChannelKey, Endorsements), (TeamsOnlyKey, ["msteams"]), .. _rolledKeys.Select(k => (k, Endorsements))]));
        app.MapGet("/aad/.well-known/openid-configuration", () => Metadata("https://login.microsoftonline.com/{tenantid}/v2.0", "/aad/keys"));
        app.MapGet("/aad/keys", () => KeySet((EmulatorKey, null)));
        app.MapPost("/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            _tokenRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            var n = Interlocked.Increment(ref _issued);
            return Results.Json(new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = AccessTokenLifetimeSeconds,
                ["ext_expires_in"] = AccessTokenLifetimeSeconds,
                ["access_token"] = $"connector-token-{n}",
            });
        });
    }

    private IResult Metadata(string issuer, string keysPath) => Results.Json(new JsonObject
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = $"{BaseUrl}/authorize",
        ["jwks_uri"] = $"{BaseUrl}{keysPath}",
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    });

    private static IResult KeySet(params IEnumerable<(SigningCredentials Key, IReadOnlyList<string>? Endorsements)> keys)
    {
        var array = new JsonArray();
        foreach (var (key, endorsements) in keys)
        {
            var parameters = ((RsaSecurityKey)key.Key).Rsa.ExportParameters(includePrivateParameters: false);
            var jwk = new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = key.Key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
            if (endorsements is not null)
            {
                jwk["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]);
            }
            array.Add(jwk);
        }
        return Results.Json(new JsonObject { ["keys"] = array });
    }

}
