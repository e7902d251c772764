using IessBot.BotFramework.Connector;
using IessBot.BotFramework.Schema;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace IessBot.BotFramework.Auth;

/// <summary>The outcome of authenticating one inbound request.</summary>
public sealed record BotAuthResult(bool Succeeded, string? CallerId, string? Failure)
{
    public static BotAuthResult Anonymous { get; } = new(true, null, null);
    public static BotAuthResult Fail(string reason) => new(false, null, reason);
}

/// <summary>
/// Validates the bearer JWT of a channel → bot request (reference §5.1, §5.2, §5.5): Bot Framework
/// channel tokens (issuer api.botframework.com, endorsed signing key, serviceurl claim) and AAD tokens
/// from the Emulator (appid/azp = our app id). No app id → requests without a token are accepted.
/// </summary>
public sealed partial class BotAuthenticator
{
    internal const string ChannelIssuer = "https://api.botframework.com";
    internal const string PublicAzureCallerId = "urn:botframework:azure";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    // reference §5.2: the AAD issuers of Emulator tokens (v3.1 legacy tenant, botframework.com tenant, US Gov).
    private static readonly string[] EmulatorIssuers =
    [
        "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
        "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
        "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
        "https://sts.windows.net/cab8a31a-1906-4287-a0d8-4eef66b95f6e/",
        "https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0",
    ];

    private readonly BotCredentials _credentials;
    private readonly TrustedServiceUrls _trusted;
    private readonly TimeProvider _time;
    private readonly ILogger<BotAuthenticator> _logger;
    private readonly ConfigurationManager<SigningKeys> _channelKeys;
    private readonly ConfigurationManager<SigningKeys> _emulatorKeys;
    private readonly JsonWebTokenHandler _handler = new();

    public BotAuthenticator(
        IOptions<BotCredentials> credentials,
        IOptions<BotFrameworkOptions> options,
        IHttpClientFactory httpClients,
        TrustedServiceUrls trusted,
        TimeProvider time,
        ILogger<BotAuthenticator> logger)
    {
        _credentials = credentials.Value;
        _trusted = trusted;
        _time = time;
        _logger = logger;
        var auth = options.Value.Auth;
        _channelKeys = CreateKeyManager(auth.ChannelOpenIdMetadataUrl, auth.SigningKeyRefreshInterval, httpClients);
        _emulatorKeys = CreateKeyManager(auth.EmulatorOpenIdMetadataUrl, auth.SigningKeyRefreshInterval, httpClients);
    }

    public async Task<BotAuthResult> AuthenticateAsync(string? authorization, Activity activity, CancellationToken cancellationToken)
    {
        var token = BearerToken(authorization);
        if (token is null)
        {
            // reference §5.5 and §8: no app id → anonymous requests (an empty "Bearer" included) are accepted.
            return _credentials.Mode == BotAuthMode.Disabled ? BotAuthResult.Anonymous : Failed("no bearer token");
        }
        if (_credentials.Mode == BotAuthMode.Disabled)
        {
            // The SDK still validates a presented token; with no app id no audience can match (reference §3.7).
            return Failed("a token was presented but MicrosoftAppId is not configured");
        }
        if (ReadUnvalidated(token) is not { } unvalidated)
        {
            return Failed("malformed token");
        }

        var issuer = unvalidated.Issuer;
        try
        {
            if (issuer == ChannelIssuer)
            {
                return await ValidateChannelTokenAsync(token, activity, cancellationToken).ConfigureAwait(false);
            }
            var emulatorIssuers = EmulatorIssuersFor(unvalidated);
            if (emulatorIssuers.Contains(issuer, StringComparer.Ordinal))
            {
                return await ValidateEmulatorTokenAsync(token, emulatorIssuers, activity, cancellationToken).ConfigureAwait(false);
            }
            return Failed("unknown issuer");
        }
        catch (InvalidOperationException exception)
        {
            // The metadata or key set could not be fetched; nothing can be verified.
            LogKeysUnavailable(exception.GetType().Name);
            return Failed("signing keys unavailable");
        }
    }

    private async Task<BotAuthResult> ValidateChannelTokenAsync(string token, Activity activity, CancellationToken cancellationToken)
    {
        var (result, keys) = await ValidateAsync(token, _channelKeys, [ChannelIssuer], cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return Failed(result.Exception?.GetType().Name ?? "invalid token");
        }
        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>("serviceurl", out var serviceUrl)
            || !string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return Failed("serviceurl claim does not match the activity");
        }
        var keyId = jwt.SigningKey?.KeyId ?? jwt.Kid;
        if (keyId is null || !keys.Endorsements.TryGetValue(keyId, out var endorsements)
            || activity.ChannelId is null || !endorsements.Contains(activity.ChannelId, StringComparer.Ordinal))
        {
            return Failed("signing key is not endorsed for the channel");
        }
        return Succeeded(activity);
    }

    private async Task<BotAuthResult> ValidateEmulatorTokenAsync(string token, string[] issuers, Activity activity, CancellationToken cancellationToken)
    {
        var (result, _) = await ValidateAsync(token, _emulatorKeys, issuers, cancellationToken).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return Failed(result.Exception?.GetType().Name ?? "invalid token");
        }
        // reference §5.2: v1 tokens name the caller in appid, v2 tokens in azp.
        var jwt = (JsonWebToken)result.SecurityToken;
        var appIdClaim = (jwt.TryGetPayloadValue<string>("ver", out var version) ? version : null) switch
        {
            "1.0" => "appid",
            "2.0" => "azp",
            _ => null,
        };
        if (appIdClaim is null)
        {
            return Failed("ver claim missing or unknown");
        }
        if (!jwt.TryGetPayloadValue<string>(appIdClaim, out var appId) || !string.Equals(appId, _credentials.MicrosoftAppId, StringComparison.Ordinal))
        {
            return Failed($"{appIdClaim} claim is not this bot's app id");
        }
        return Succeeded(activity);
    }

    private async Task<(TokenValidationResult Result, SigningKeys Keys)> ValidateAsync(
        string token, ConfigurationManager<SigningKeys> manager, string[] issuers, CancellationToken cancellationToken)
    {
        var keys = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var result = await _handler.ValidateTokenAsync(token, Parameters(keys, issuers)).ConfigureAwait(false);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Keys roll over: an unknown kid earns one refetch (rate-limited by the manager).
            manager.RequestRefresh();
            keys = await manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            result = await _handler.ValidateTokenAsync(token, Parameters(keys, issuers)).ConfigureAwait(false);
        }
        return (result, keys);
    }

    private TokenValidationParameters Parameters(SigningKeys keys, string[] issuers) => new()
    {
        ValidIssuers = issuers,
        ValidAudience = _credentials.MicrosoftAppId,
        IssuerSigningKeys = keys.Configuration.SigningKeys,
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = Algorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = ClockSkew,
        LifetimeValidator = IsWithinLifetime,
    };

    /// <summary>nbf/exp checked against the injected clock with 5 minutes of skew (reference §5.1 step 3).</summary>
    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return expires is { } exp && exp.ToUniversalTime() > now - ClockSkew
            && (notBefore is not { } nbf || nbf.ToUniversalTime() <= now + ClockSkew);
    }

    private BotAuthResult Succeeded(Activity activity)
    {
        if (activity.ServiceUrl is { Length: > 0 } serviceUrl)
        {
            _trusted.Trust(serviceUrl);
        }
        return new BotAuthResult(true, PublicAzureCallerId, null);
    }

    private BotAuthResult Failed(string reason)
    {
        LogRejected(reason);
        return BotAuthResult.Fail(reason);
    }

    /// <summary>Single-tenant Emulator tokens come from the token's own tenant (reference §5.2).</summary>
    private static string[] EmulatorIssuersFor(JsonWebToken jwt) =>
        jwt.TryGetPayloadValue<string>("tid", out var tenant) && !string.IsNullOrWhiteSpace(tenant)
            ? [.. EmulatorIssuers, $"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"]
            : EmulatorIssuers;

    /// <summary>The token's claims, read only to choose the validation path; null when it is not a JWT.</summary>
    private JsonWebToken? ReadUnvalidated(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return null;
        }
        try
        {
            return new JsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null; // SecurityTokenMalformedException is an ArgumentException
        }
    }

    /// <summary>The token of an Authorization header; null when there is none or it is an empty "Bearer" (reference §8).</summary>
    internal static string? BearerToken(string? authorization)
    {
        var value = authorization?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return value; // another scheme is handed on and fails validation: a presented credential is never ignored
        }
        var token = value[7..].Trim();
        return token.Length > 0 ? token : null;
    }

    private static ConfigurationManager<SigningKeys> CreateKeyManager(string url, TimeSpan refresh, IHttpClientFactory httpClients)
    {
        var retriever = new HttpDocumentRetriever(httpClients.CreateClient(BotFrameworkExtensions.OpenIdHttpClient))
        {
            RequireHttps = !new Uri(url).IsLoopback,
        };
        return new ConfigurationManager<SigningKeys>(url, new SigningKeysRetriever(), retriever)
        {
            AutomaticRefreshInterval = refresh,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound request rejected: {Reason}")]
    private partial void LogRejected(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Signing keys could not be retrieved ({ExceptionType})")]
    private partial void LogKeysUnavailable(string exceptionType);
}
