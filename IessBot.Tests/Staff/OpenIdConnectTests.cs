using System.Net;
using IessBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace IessBot.Tests.Staff;

/// <summary>OpenID Connect mode (Microsoft Entra ID in production) against a loopback authority that serves only its metadata.</summary>
public sealed class OpenIdConnectTests
{
    [Fact]
    public async Task The_console_sends_an_unauthenticated_user_to_the_authoritys_authorize_endpoint_with_pkce()
    {
        await using var authority = await LoopbackAuthority.StartAsync();
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Staff:Authentication:Mode"] = "OpenIdConnect",
            ["Staff:Authentication:OpenIdConnect:Authority"] = authority.Issuer,
            ["Staff:Authentication:OpenIdConnect:ClientId"] = "11111111-2222-3333-4444-555555555555",
            ["Staff:Authentication:OpenIdConnect:ClientSecret"] = "secreto-de-prueba",
            ["Staff:Authentication:OpenIdConnect:RequireHttpsMetadata"] = "false",
        });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        using var response = await client.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(authority.Issuer + "/oauth2/v2.0/authorize", location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("11111111-2222-3333-4444-555555555555", query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(new Uri(host.BaseAddress, "/staff/signin-oidc").ToString(), query["redirect_uri"]);
        Assert.Contains("openid", query["scope"].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secreto-de-prueba", location.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, authority.MetadataRequests);
    }

    [Fact]
    public async Task Open_id_connect_without_its_settings_does_not_start()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["Staff:Authentication:Mode"] = "OpenIdConnect",
        }));

        Assert.Contains("Staff:Authentication:OpenIdConnect:ClientId", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Serves <c>/tenant/v2.0/.well-known/openid-configuration</c> (Entra ID's shape) and an empty key set on 127.0.0.1.</summary>
    private sealed class LoopbackAuthority : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _metadataRequests;

        private LoopbackAuthority()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.MapGet("/tenant/v2.0/.well-known/openid-configuration", (HttpRequest request) =>
            {
                Interlocked.Increment(ref _metadataRequests);
                var issuer = $"{request.Scheme}://{request.Host}/tenant/v2.0";
                return Results.Json(new Dictionary<string, object>
                {
                    ["issuer"] = issuer,
                    ["authorization_endpoint"] = issuer + "/oauth2/v2.0/authorize",
                    ["token_endpoint"] = issuer + "/oauth2/v2.0/token",
                    ["end_session_endpoint"] = issuer + "/oauth2/v2.0/logout",
                    ["jwks_uri"] = issuer + "/discovery/v2.0/keys",
                    ["response_types_supported"] = new[] { "code", "id_token", "code id_token" },
                    ["subject_types_supported"] = new[] { "pairwise" },
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                    ["scopes_supported"] = new[] { "openid", "profile", "email" },
                });
            });
            _app.MapGet("/tenant/v2.0/discovery/v2.0/keys", () => Results.Json(new { keys = Array.Empty<object>() }));
        }

        public string Issuer { get; private set; } = "";
        public int MetadataRequests => _metadataRequests;

        public static async Task<LoopbackAuthority> StartAsync()
        {
            var authority = new LoopbackAuthority();
            await authority._app.StartAsync();
            var address = authority._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            authority.Issuer = address.TrimEnd('/') + "/tenant/v2.0";
            return authority;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
