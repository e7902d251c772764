using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace IessBot.WhatsApp;

/// <summary>
/// <c>GET /api/whatsapp</c> (verification handshake, reference/whatsapp.md §1) and <c>POST /api/whatsapp</c>
/// (webhooks, §2–§4): the signature is checked over the raw bytes, the body is stored in the durable inbox, and
/// only then is 200 answered. The turn runs later, in <see cref="InboxProcessor"/>, never inside the request.
/// </summary>
internal static partial class WebhookEndpoint
{
    public const string Path = "/api/whatsapp";

    public static void MapWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Verify);
        endpoints.MapPost(Path, ReceiveAsync);
    }

    private static IResult Verify(HttpRequest request, IOptions<WhatsAppOptions> options)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return Results.NotFound();
        }
        var challenge = request.Query["hub.challenge"].ToString();
        if (string.IsNullOrEmpty(challenge))
        {
            return Results.BadRequest();
        }
        if (request.Query["hub.mode"] != "subscribe" || !WebhookSignature.TokenMatches(request.Query["hub.verify_token"], settings.VerifyToken))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        // The challenge exactly, as plain text (§1).
        return Results.Text(challenge, "text/plain");
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext http,
        IOptions<WhatsAppOptions> options,
        IWhatsAppInbox inbox,
        InboxSignal signal,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return Results.NotFound();
        }
        var logger = loggers.CreateLogger(typeof(WebhookEndpoint).FullName!);
        if (http.Request.ContentLength > settings.MaxPayloadBytes)
        {
            // Refused before it is read or hashed (§9 case 4).
            LogRefused(logger, StatusCodes.Status413PayloadTooLarge);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        var body = await ReadBoundedAsync(http.Request.Body, settings.MaxPayloadBytes, http.RequestAborted);
        if (body is null)
        {
            LogRefused(logger, StatusCodes.Status413PayloadTooLarge);
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        if (!WebhookSignature.IsValid(http.Request.Headers[WebhookSignature.HeaderName].ToString(), body, settings.AppSecret))
        {
            LogRefused(logger, StatusCodes.Status401Unauthorized);
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        WebhookPayload payload;
        try
        {
            payload = WebhookPayload.Parse(body);
        }
        catch (JsonException)
        {
            // Signed but not JSON: nothing can ever be made of it, and nothing is stored.
            LogRefused(logger, StatusCodes.Status400BadRequest);
            return Results.BadRequest();
        }
        if (payload.Object != WebhookPayload.BusinessAccountObject)
        {
            // Acknowledged and ignored: a non-200 would only bring 7 days of retries (§4).
            LogIgnoredObject(logger);
            return Results.Ok();
        }

        var sequence = await inbox.AddAsync(body, time.GetUtcNow(), CancellationToken.None);
        signal.Notify();
        LogStored(logger, sequence, body.Length);
        return Results.Ok();
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="maxBytes"/> (read no further than one byte past it).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 64 * 1024));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        return null;
                    }
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
                    buffer = larger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    return length > maxBytes ? null : buffer.AsSpan(0, length).ToArray();
                }
                length += read;
                if (length > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WhatsApp webhook refused with {StatusCode}")]
    private static partial void LogRefused(ILogger logger, int statusCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "WhatsApp webhook for another object acknowledged and ignored")]
    private static partial void LogIgnoredObject(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "WhatsApp webhook stored as inbox entry {Sequence} ({Length} bytes)")]
    private static partial void LogStored(ILogger logger, long sequence, int length);
}

/// <summary>Wakes the inbox processor when a webhook was stored, so it does not wait for its next poll.</summary>
internal sealed class InboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
