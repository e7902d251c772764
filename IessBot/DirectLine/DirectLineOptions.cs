using Microsoft.Extensions.Options;

namespace IessBot.DirectLine;

/// <summary>The <c>DirectLine</c> settings section: the self-hosted Direct Line 3.0 endpoint (reference/botframework.md §4).</summary>
public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>
    /// The master secret (reference §4.2): any conversation, never expires, never sent to a browser. Empty = a random one
    /// generated once into the data directory (<c>directline.secret</c>).
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>How long a conversation token lives (the real service: 1800 s); clients refresh it halfway.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A <c>streamUrl</c> must be opened this soon after it was issued (reference §4.6: 60 s).</summary>
    public TimeSpan StreamUrlLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Origins (scheme://host[:port]) of sites allowed to call Direct Line from a browser (CORS, reference §4.10). Empty = same origin only.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// A conversation's activity log and uploads are deleted this long after its last activity (or up to a twenty-fourth
    /// of it later: the stored expiry is moved only now and then, see <see cref="ConversationLog"/>).
    /// </summary>
    public TimeSpan ActivityLogRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired logs are looked for.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest activity body (reference §2.5: Direct Line's 256K limit).</summary>
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// <summary>Files in one upload request; more is refused (400). Web Chat sends the files picked together in one upload.</summary>
    public int MaxFilesPerUpload { get; set; } = 10;

    /// <summary>How long a client's POST waits for the bot before answering 502 (the real service: about 15 s, reference §2.6).</summary>
    public TimeSpan BotTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>An empty text frame is sent on an idle WebSocket this often (reference §4.6).</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How many tokens one client address (IPv6: its /64) may take from the page's public endpoint
    /// <c>POST /api/directline/token</c> in each <see cref="TokenRateWindow"/>; more is 429 with Retry-After. A page load
    /// takes one (a reload in the same tab refreshes its token instead); offices behind one NAT address share the limit.
    /// </summary>
    public int TokenRequestsPerWindow { get; set; } = 30;

    public TimeSpan TokenRateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The bot's account as clients see it (<c>from</c> of its activities, <c>recipient</c> of theirs).</summary>
    public string BotId { get; set; } = "iessbot";

    public string BotName { get; set; } = "Asistente IESS";
}

internal sealed class DirectLineOptionsValidator : IValidateOptions<DirectLineOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectLineOptions options)
    {
        var failures = new List<string>();
        if (options.Secret is { Length: > 0 and < 32 } secret && !string.IsNullOrWhiteSpace(secret))
        {
            failures.Add("DirectLine:Secret must be at least 32 characters (e.g. 'openssl rand -base64 32'), or empty to generate one.");
        }
        if (options.TokenLifetime < TimeSpan.FromMinutes(1) || options.TokenLifetime > TimeSpan.FromHours(24))
        {
            failures.Add("DirectLine:TokenLifetime must be between 00:01:00 and 24:00:00.");
        }
        if (options.StreamUrlLifetime <= TimeSpan.Zero || options.ActivityLogRetention <= TimeSpan.Zero || options.CleanupInterval <= TimeSpan.Zero)
        {
            failures.Add("DirectLine:StreamUrlLifetime, ActivityLogRetention and CleanupInterval must be positive.");
        }
        if (options.BotTimeout <= TimeSpan.Zero || options.KeepAliveInterval <= TimeSpan.Zero)
        {
            failures.Add("DirectLine:BotTimeout and KeepAliveInterval must be positive.");
        }
        if (options.MaxActivityBytes < 1024 || options.MaxFilesPerUpload is < 1 or > 50)
        {
            failures.Add("DirectLine:MaxActivityBytes must be at least 1024 and DirectLine:MaxFilesPerUpload between 1 and 50.");
        }
        foreach (var origin in options.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                failures.Add($"DirectLine:AllowedOrigins entry '{origin}' must be an origin like https://www.iess.gob.ec (no path).");
            }
        }
        if (options.TokenRequestsPerWindow < 1 || options.TokenRateWindow < TimeSpan.FromSeconds(1))
        {
            failures.Add("DirectLine:TokenRequestsPerWindow must be at least 1 and DirectLine:TokenRateWindow at least 00:00:01.");
        }
        if (string.IsNullOrWhiteSpace(options.BotId))
        {
            failures.Add("DirectLine:BotId must not be empty.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
