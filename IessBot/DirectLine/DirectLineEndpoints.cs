using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using IessBot.BotFramework;
using IessBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace IessBot.DirectLine;

/// <summary>The Conversation object of Direct Line answers (reference §4.1).</summary>
internal sealed record ConversationInfo(
    string ConversationId,
    string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    string? StreamUrl = null);

/// <summary>ActivitySet (reference §4.6): the watermark is a string, never empty, so DirectLineJS keeps it; typing sets on the stream carry none.</summary>
internal sealed record ActivitySet(IReadOnlyList<Activity> Activities, string? Watermark);

/// <summary>Optional body of token generate and start conversation (reference §4.1).</summary>
internal sealed record TokenParameters(ChannelAccount? User, string? Locale);

/// <summary>
/// Direct Line 3.0 REST under <c>/v3/directline</c> (reference §4.1): tokens, start and reconnect, get and post activities.
/// Uploads, the WebSocket stream and uploaded files are mapped by their own classes.
/// </summary>
internal static class DirectLineEndpoints
{
    public const string CorsPolicy = "DirectLine";
    private const int MaxParametersBytes = 16 * 1024;
    private const int MaxActivitiesPerGet = 500;

    public static RouteGroupBuilder MapDirectLineRest(this RouteGroupBuilder group)
    {
        group.MapPost("/tokens/generate", GenerateTokenAsync);
        group.MapPost("/tokens/refresh", RefreshToken);
        group.MapPost("/conversations", StartConversationAsync);
        group.MapGet("/conversations/{conversationId}", ReconnectAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        return group;
    }

    /// <summary>
    /// A new conversation id (no <c>/ ? # |</c>, reference §4.3): the start time in milliseconds as 12 hex digits, then 16
    /// random bytes in base64url. The random part makes it unguessable; the time in front makes ids sort in the order
    /// conversations began, so the log's index entries of the conversations in use sit together at the end of the index
    /// instead of one page each anywhere in it (fewer pages written per turn). It tells nothing about the citizen.
    /// </summary>
    public static string NewConversationId(TimeProvider time) =>
        string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow().ToUnixTimeMilliseconds():x12}")
        + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static string ServiceUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/";

    private static async Task<IResult> GenerateTokenAsync(HttpRequest request, DirectLineAuth auth, ConversationTokens tokens, TimeProvider time)
    {
        var (caller, failure) = auth.Authenticate(request);
        if (failure is not null)
        {
            return failure;
        }
        if (!caller!.IsSecret)
        {
            return DirectLineErrors.SecretRequired();
        }
        var (parameters, invalid) = await ReadParametersAsync(request);
        if (invalid is not null)
        {
            return invalid;
        }
        var conversationId = NewConversationId(time);
        var token = tokens.Issue(conversationId, NonEmpty(parameters?.User?.Id));
        return Results.Json(new ConversationInfo(conversationId, token, (int)tokens.Lifetime.TotalSeconds), BotJson.Options);
    }

    private static IResult RefreshToken(HttpRequest request, DirectLineAuth auth, ConversationTokens tokens)
    {
        var (caller, failure) = auth.Authenticate(request);
        if (failure is not null)
        {
            return failure;
        }
        if (caller!.Token is not { } token)
        {
            return DirectLineErrors.BadArgument("Only a token can be refreshed; the secret does not expire.");
        }
        var fresh = tokens.Issue(token.ConversationId, token.UserId);
        return Results.Json(new ConversationInfo(token.ConversationId, fresh, (int)tokens.Lifetime.TotalSeconds), BotJson.Options);
    }

    private static async Task<IResult> StartConversationAsync(
        HttpRequest request, DirectLineAuth auth, ConversationTokens tokens, DirectLineChannel channel, TimeProvider time)
    {
        var (caller, failure) = auth.Authenticate(request);
        if (failure is not null)
        {
            return failure;
        }
        var (parameters, invalid) = await ReadParametersAsync(request);
        if (invalid is not null)
        {
            return invalid;
        }
        var conversationId = caller!.Token?.ConversationId ?? NewConversationId(time);
        var userId = caller.UserId ?? NonEmpty(parameters?.User?.Id);
        var created = await channel.StartAsync(conversationId, userId, NonEmpty(parameters?.Locale), ServiceUrl(request), request.HttpContext.RequestAborted);

        // A token that already names the user is handed back as it is; otherwise a token for this conversation and user.
        var (token, expiresIn) = caller.Token is { } given && given.UserId == userId
            ? (request.Headers.Authorization.ToString()["Bearer ".Length..].Trim(), SecondsLeft(given, time))
            : (tokens.Issue(conversationId, userId), (int)tokens.Lifetime.TotalSeconds);
        var info = new ConversationInfo(conversationId, token, expiresIn, StreamUrl(request, tokens, conversationId, userId, watermark: null));
        return Results.Json(info, BotJson.Options, statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> ReconnectAsync(
        string conversationId, HttpRequest request, DirectLineAuth auth, ConversationLog log, ConversationTokens tokens)
    {
        var (caller, conversation, failure) = await AccessAsync(conversationId, request, auth, log);
        if (failure is not null)
        {
            return failure;
        }
        if (ParseWatermark(request.Query["watermark"]) is not { } watermark)
        {
            return DirectLineErrors.BadArgument("The watermark is not one this service gave.");
        }
        var userId = caller!.UserId ?? conversation!.UserId;
        var token = tokens.Issue(conversationId, userId);
        var info = new ConversationInfo(conversationId, token, (int)tokens.Lifetime.TotalSeconds, StreamUrl(request, tokens, conversationId, userId, watermark));
        return Results.Json(info, BotJson.Options);
    }

    private static async Task<IResult> GetActivitiesAsync(
        string conversationId, HttpRequest request, DirectLineAuth auth, ConversationLog log)
    {
        var (_, _, failure) = await AccessAsync(conversationId, request, auth, log);
        if (failure is not null)
        {
            return failure;
        }
        if (ParseWatermark(request.Query["watermark"]) is not { } watermark)
        {
            return DirectLineErrors.BadArgument("The watermark is not one this service gave.");
        }
        var (activities, next) = await log.ReadAsync(conversationId, watermark, MaxActivitiesPerGet, request.HttpContext.RequestAborted);
        return Results.Bytes(ActivitySetJson(activities, next.ToString(CultureInfo.InvariantCulture)), "application/json; charset=utf-8");
    }

    private static async Task<IResult> PostActivityAsync(
        string conversationId, HttpRequest request, DirectLineAuth auth, ConversationLog log, DirectLineChannel channel,
        IOptions<DirectLineOptions> options)
    {
        var (caller, conversation, failure) = await AccessAsync(conversationId, request, auth, log);
        if (failure is not null)
        {
            return failure;
        }
        var (activity, rejection) = await ActivityReader.ReadAsync(request, options.Value.MaxActivityBytes, request.HttpContext.RequestAborted);
        if (rejection is not null)
        {
            return rejection.ToResult();
        }
        if (activity!.Attachments?.Any(a => a.ContentUrl is not null && !DirectLineAttachments.BelongsTo(a.ContentUrl, conversationId)) == true)
        {
            return DirectLineErrors.BadArgument("Files must be sent through /upload; attachments here may carry content but no contentUrl.");
        }
        return await PostAsync(channel, conversationId, caller!.UserId ?? conversation!.UserId ?? NonEmpty(activity.From?.Id), activity, request);
    }

    /// <summary>Posts an activity as <paramref name="userId"/> and answers <c>{ "id" }</c>, or 502 when the bot failed (reference §4.4).</summary>
    public static async Task<IResult> PostAsync(DirectLineChannel channel, string conversationId, string? userId, Activity activity, HttpRequest request)
    {
        if (userId is null)
        {
            return DirectLineErrors.BadArgument("The activity has no 'from.id' and the token names no user.");
        }
        var (echo, outcome) = await channel.PostAsync(conversationId, userId, activity, ServiceUrl(request), request.HttpContext.RequestAborted);
        return outcome == BotOutcome.Answered ? Results.Json(new ResourceResponse(echo.Id), BotJson.Options) : DirectLineErrors.BotFailed(outcome);
    }

    /// <summary>Authenticates a caller of one conversation's URL and finds the conversation: 401/403 first, then 404.</summary>
    public static async Task<(DirectLineCaller? Caller, DirectLineConversation? Conversation, IResult? Failure)> AccessAsync(
        string conversationId, HttpRequest request, DirectLineAuth auth, ConversationLog log, bool tokenInUrl = false)
    {
        var (caller, failure) = tokenInUrl ? auth.AuthenticateUrl(request) : auth.Authenticate(request);
        failure ??= caller is null ? null : DirectLineAuth.Refuse(caller, conversationId);
        if (failure is not null)
        {
            return (null, null, failure);
        }
        var conversation = await log.FindAsync(conversationId, request.HttpContext.RequestAborted);
        return conversation is null ? (null, null, DirectLineErrors.NotFound()) : (caller, conversation, null);
    }

    /// <summary>An ActivitySet made of activities as stored: they are not parsed again on the way out.</summary>
    public static byte[] ActivitySetJson(IReadOnlyList<ReadOnlyMemory<byte>> activities, string? watermark)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + activities.Sum(a => a.Length));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("activities");
            foreach (var activity in activities)
            {
                writer.WriteRawValue(activity.Span, skipInputValidation: true);
            }
            writer.WriteEndArray();
            if (watermark is not null)
            {
                writer.WriteString("watermark", watermark);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The watermark a client sends back: empty, "null" and "undefined" mean the start (older clients sent those,
    /// reference §4.6); anything else must be a number this service gave. Null means not valid.
    /// </summary>
    public static long? ParseWatermark(string? text) =>
        string.IsNullOrEmpty(text) || text is "null" or "undefined" ? 0
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : null;

    private static string StreamUrl(HttpRequest request, ConversationTokens tokens, string conversationId, string? userId, long? watermark)
    {
        var scheme = request.IsHttps ? "wss" : "ws";
        var query = watermark is > 0 ? $"watermark={watermark.Value.ToString(CultureInfo.InvariantCulture)}&" : "";
        return $"{scheme}://{request.Host}{request.PathBase}/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/stream?{query}t={tokens.IssueForStream(conversationId, userId)}";
    }

    private static int SecondsLeft(ConversationToken token, TimeProvider time) =>
        (int)Math.Max(0, (token.ExpiresAt - time.GetUtcNow()).TotalSeconds);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The optional JSON body of token generate and start: absent is fine, malformed is 400.</summary>
    private static async Task<(TokenParameters? Parameters, IResult? Failure)> ReadParametersAsync(HttpRequest request)
    {
        if (request.ContentLength is > MaxParametersBytes)
        {
            return (null, DirectLineErrors.TooLarge($"The body is larger than {MaxParametersBytes} bytes."));
        }
        var buffer = new ArrayBufferWriter<byte>(512);
        int read;
        while ((read = await request.Body.ReadAsync(buffer.GetMemory(4096), request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxParametersBytes)
            {
                return (null, DirectLineErrors.TooLarge($"The body is larger than {MaxParametersBytes} bytes."));
            }
        }
        if (buffer.WrittenCount == 0)
        {
            return (null, null);
        }
        try
        {
            return (JsonSerializer.Deserialize<TokenParameters>(buffer.WrittenSpan, BotJson.Options), null);
        }
        catch (JsonException)
        {
            return (null, DirectLineErrors.Error(StatusCodes.Status400BadRequest, "BadSyntax", "The body is not valid JSON."));
        }
    }
}
