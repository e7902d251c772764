using Microsoft.Extensions.Options;

namespace IessBot.BotFramework;

/// <summary>How the bot authenticates, derived from <see cref="BotCredentials"/> (reference §5.3, §5.5).</summary>
public enum BotAuthMode
{
    /// <summary>No <c>MicrosoftAppId</c>: anonymous inbound requests accepted, no outbound token (local development).</summary>
    Disabled,
    MultiTenant,
    SingleTenant,
    UserAssignedMsi,
}

/// <summary>
/// The bot's identity, under the same top-level keys the Bot Builder SDK reads (reference §5.3):
/// <c>MicrosoftAppType</c>, <c>MicrosoftAppId</c>, <c>MicrosoftAppPassword</c>, <c>MicrosoftAppTenantId</c>.
/// </summary>
public sealed class BotCredentials
{
    public string? MicrosoftAppType { get; set; }
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string? MicrosoftAppTenantId { get; set; }

    public BotAuthMode Mode =>
        string.IsNullOrWhiteSpace(MicrosoftAppId) ? BotAuthMode.Disabled
        : string.IsNullOrWhiteSpace(MicrosoftAppType) ? BotAuthMode.MultiTenant
        : Enum.Parse<BotAuthMode>(MicrosoftAppType, ignoreCase: true);
}

/// <summary>Channel settings under <c>BotFramework</c>.</summary>
public sealed class BotFrameworkOptions
{
    public const string Section = "BotFramework";

    /// <summary>Largest accepted <c>/api/messages</c> body; Direct Line caps an activity at 256K characters (reference §2.5).</summary>
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    public BotFrameworkAuthOptions Auth { get; set; } = new();
}

/// <summary>Where the bot finds signing keys and tokens. Defaults are the public cloud's (reference §5.1–§5.3); tests point them at loopback.</summary>
public sealed class BotFrameworkAuthOptions
{
    public string ChannelOpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public string EmulatorOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    /// <summary>OAuth2 token endpoint for outbound calls; empty means the one of <c>MicrosoftAppType</c>.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>Refetch signing keys at least this often (docs: at least every 24 h).</summary>
    public TimeSpan SigningKeyRefreshInterval { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>Refuses to start with settings that would only fail at the first message (DESIGN.md, "Conventions").</summary>
internal sealed class BotCredentialsValidator : IValidateOptions<BotCredentials>
{
    private static readonly string[] AppTypes = ["MultiTenant", "SingleTenant", "UserAssignedMSI"];

    public ValidateOptionsResult Validate(string? name, BotCredentials options)
    {
        var failures = new List<string>();
        var type = options.MicrosoftAppType;
        if (!string.IsNullOrWhiteSpace(type) && !AppTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"MicrosoftAppType must be one of {string.Join(", ", AppTypes)} (got '{type}').");
            return ValidateOptionsResult.Fail(failures);
        }

        var hasId = !string.IsNullOrWhiteSpace(options.MicrosoftAppId);
        var hasPassword = !string.IsNullOrEmpty(options.MicrosoftAppPassword);
        var hasTenant = !string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId);
        if (!hasId)
        {
            if (hasPassword)
            {
                failures.Add("MicrosoftAppPassword is set but MicrosoftAppId is empty; set both, or neither to run without authentication.");
            }
            if (string.Equals(type, "SingleTenant", StringComparison.OrdinalIgnoreCase) || string.Equals(type, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"MicrosoftAppType {type} needs MicrosoftAppId.");
            }
            return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
        }

        switch (options.Mode)
        {
            case BotAuthMode.MultiTenant when !hasPassword:
                failures.Add("MicrosoftAppType MultiTenant needs MicrosoftAppPassword.");
                break;
            case BotAuthMode.SingleTenant:
                if (!hasTenant) failures.Add("MicrosoftAppType SingleTenant needs MicrosoftAppTenantId (the token authority is the app's tenant, reference §5.3).");
                if (!hasPassword) failures.Add("MicrosoftAppType SingleTenant needs MicrosoftAppPassword.");
                break;
            case BotAuthMode.UserAssignedMsi:
                failures.Add("MicrosoftAppType UserAssignedMSI is not supported yet; use SingleTenant with a client secret.");
                break;
        }
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}

internal sealed class BotFrameworkOptionsValidator : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        var failures = new List<string>();
        if (options.MaxActivityBytes is < 1024 or > 16 * 1024 * 1024)
        {
            failures.Add("BotFramework:MaxActivityBytes must be between 1024 and 16777216.");
        }
        CheckUrl(options.Auth.ChannelOpenIdMetadataUrl, "BotFramework:Auth:ChannelOpenIdMetadataUrl", failures);
        CheckUrl(options.Auth.EmulatorOpenIdMetadataUrl, "BotFramework:Auth:EmulatorOpenIdMetadataUrl", failures);
        if (!string.IsNullOrWhiteSpace(options.Auth.TokenEndpoint))
        {
            CheckUrl(options.Auth.TokenEndpoint, "BotFramework:Auth:TokenEndpoint", failures);
        }
        if (options.Auth.SigningKeyRefreshInterval <= TimeSpan.Zero || options.Auth.SigningKeyRefreshInterval > TimeSpan.FromHours(24))
        {
            failures.Add("BotFramework:Auth:SigningKeyRefreshInterval must be positive and at most 24 hours (reference §5.1).");
        }
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static void CheckUrl(string? value, string key, List<string> failures)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            failures.Add($"{key} must be an absolute http(s) URL.");
        }
        else if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            failures.Add($"{key} must use https unless it points at this machine.");
        }
    }
}
