using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace IessBot.WhatsApp;

/// <summary>The <c>WhatsApp</c> settings section (reference/whatsapp.md §0, §1, §3, §5.8). The channel is off while <see cref="PhoneNumberId"/> is empty.</summary>
public sealed class WhatsAppOptions
{
    public const string SectionName = "WhatsApp";

    /// <summary>The business phone number id: the path segment for sending, and the only number whose webhooks are served.</summary>
    public string PhoneNumberId { get; set; } = "";

    /// <summary>A System User token with <c>whatsapp_business_messaging</c> (secret).</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The Meta app secret that signs webhooks (<c>X-Hub-Signature-256</c>, secret).</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>The string typed as "Verify token" in the App Dashboard (secret).</summary>
    public string VerifyToken { get; set; } = "";

    public string GraphApiBaseUrl { get; set; } = "https://graph.facebook.com";

    /// <summary>Graph API versions are retired on a schedule: bump this yearly (reference §0).</summary>
    public string GraphApiVersion { get; set; } = "v25.0";

    public WhatsAppTemplateOptions Templates { get; set; } = new();

    /// <summary>The largest webhook body accepted; Meta sends up to 3 MB (reference §2.1).</summary>
    public int MaxPayloadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Whether this instance drains the inbox. Off: webhooks are stored and acknowledged but not answered until a start with it on.</summary>
    public bool ProcessInbox { get; set; } = true;

    /// <summary>The first back-off delay for rate limits and transient errors (reference §5.12); later ones grow from it.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per Graph API call for retryable errors (the first one included).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>How many inbound messages are in turn processing at once across all citizens.</summary>
    public int MaxConcurrentTurns { get; set; } = 256;

    public bool Enabled => !string.IsNullOrWhiteSpace(PhoneNumberId);

    /// <summary><c>{base}/{version}/</c>.</summary>
    public Uri GraphRoot => new($"{GraphApiBaseUrl.TrimEnd('/')}/{GraphApiVersion}/");
}

/// <summary>Approved templates for messages outside the 24-hour customer service window (reference §5.8).</summary>
public sealed class WhatsAppTemplateOptions
{
    /// <summary>A UTILITY template with two body parameters: the case number and the news about it.</summary>
    public string CaseUpdate { get; set; } = "seguimiento_caso";

    /// <summary>Must equal the language of the approved template exactly (<c>es</c> is safe; <c>es_EC</c> is unverified).</summary>
    public string Language { get; set; } = "es";
}

internal sealed partial class WhatsAppOptionsValidator : IValidateOptions<WhatsAppOptions>
{
    public ValidateOptionsResult Validate(string? name, WhatsAppOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        if (!options.PhoneNumberId.All(char.IsAsciiDigit))
        {
            failures.Add("WhatsApp:PhoneNumberId must be the numeric phone number id from WhatsApp Manager (not the display number).");
        }
        foreach (var (key, value) in new[] { ("AccessToken", options.AccessToken), ("AppSecret", options.AppSecret), ("VerifyToken", options.VerifyToken) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"WhatsApp:{key} is required when WhatsApp:PhoneNumberId is set.");
            }
        }
        if (!Uri.TryCreate(options.GraphApiBaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http"))
        {
            failures.Add("WhatsApp:GraphApiBaseUrl must be an absolute http(s) URL (default https://graph.facebook.com).");
        }
        if (!VersionPattern().IsMatch(options.GraphApiVersion))
        {
            failures.Add("WhatsApp:GraphApiVersion must look like v25.0.");
        }
        if (string.IsNullOrWhiteSpace(options.Templates.CaseUpdate) || string.IsNullOrWhiteSpace(options.Templates.Language))
        {
            failures.Add("WhatsApp:Templates:CaseUpdate and WhatsApp:Templates:Language are required.");
        }
        if (options.MaxPayloadBytes is < 64 * 1024 or > 16 * 1024 * 1024)
        {
            failures.Add("WhatsApp:MaxPayloadBytes must be between 65536 and 16777216.");
        }
        if (options.MaxAttempts is < 1 or > 10 || options.RetryBaseDelay < TimeSpan.Zero || options.MaxConcurrentTurns < 1)
        {
            failures.Add("WhatsApp:MaxAttempts must be 1–10, WhatsApp:RetryBaseDelay not negative, WhatsApp:MaxConcurrentTurns positive.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^v\d+\.\d+$")]
    private static partial Regex VersionPattern();
}
