using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace IessBot.BotFramework.Connector;

/// <summary>
/// OAuth2 client-credentials tokens for calls to the Connector (reference §5.3), cached until five
/// minutes before they expire, as the SDK does.
/// </summary>
public sealed partial class ConnectorTokenProvider(
    IHttpClientFactory httpClients,
    IOptions<BotCredentials> credentials,
    IOptions<BotFrameworkOptions> options,
    TimeProvider time,
    ILogger<ConnectorTokenProvider> logger)
{
    internal const string Scope = "https://api.botframework.com/.default";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _cached;

    /// <summary>
    /// A valid access token. Pass the token the Connector just refused (401) to force a new one; a token
    /// another caller already renewed is reused.
    /// </summary>
    public async Task<string> GetTokenAsync(string? rejectedToken, CancellationToken cancellationToken)
    {
        if (Usable(_cached, rejectedToken) is { } token)
        {
            return token;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Usable(_cached, rejectedToken) is { } renewed)
            {
                return renewed;
            }
            _cached = await RequestTokenAsync(cancellationToken).ConfigureAwait(false);
            return _cached.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The token endpoint of the configured app type, unless overridden (reference §5.3).</summary>
    internal static string TokenEndpoint(BotCredentials credentials, BotFrameworkAuthOptions auth) =>
        !string.IsNullOrWhiteSpace(auth.TokenEndpoint) ? auth.TokenEndpoint
        : credentials.Mode == BotAuthMode.SingleTenant
            ? $"https://login.microsoftonline.com/{Uri.EscapeDataString(credentials.MicrosoftAppTenantId!)}/oauth2/v2.0/token"
            : "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";

    private string? Usable(CachedToken? cached, string? rejectedToken) =>
        cached is not null && cached.AccessToken != rejectedToken && time.GetUtcNow() < cached.RefreshAt ? cached.AccessToken : null;

    private async Task<CachedToken> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var app = credentials.Value;
        var endpoint = TokenEndpoint(app, options.Value.Auth);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = app.MicrosoftAppId!,
            ["client_secret"] = app.MicrosoftAppPassword ?? "",
            ["scope"] = Scope,
        });
        var http = httpClients.CreateClient(BotFrameworkExtensions.TokenHttpClient);
        using var response = await http.PostAsync(endpoint, form, cancellationToken).ConfigureAwait(false);
        TokenResponse? body = null;
        try
        {
            body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            // not a JSON token response; reported below by status
        }
        if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(body?.AccessToken))
        {
            // AAD error codes (e.g. invalid_client, AADSTS700016) hold no secrets and say what to fix.
            LogTokenFailed((int)response.StatusCode, body?.Error);
            throw new ConnectorException((int)response.StatusCode, "TokenRequestFailed", $"The token endpoint answered {(int)response.StatusCode} {body?.Error}.");
        }

        var lifetime = TimeSpan.FromSeconds(Math.Max(body.ExpiresIn ?? 3600, 60));
        var margin = lifetime > 2 * RefreshMargin ? RefreshMargin : lifetime / 2;
        LogTokenAcquired(lifetime.TotalMinutes);
        return new CachedToken(body.AccessToken, time.GetUtcNow() + lifetime - margin);
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int? ExpiresIn,
        [property: JsonPropertyName("error")] string? Error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector token acquired, valid for {Minutes:0} minutes")]
    private partial void LogTokenAcquired(double minutes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connector token request failed with {StatusCode} {Error}")]
    private partial void LogTokenFailed(int statusCode, string? error);
}
