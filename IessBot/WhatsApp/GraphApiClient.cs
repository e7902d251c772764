using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace IessBot.WhatsApp;

/// <summary>What to do about a Graph API error (reference/whatsapp.md §5.12): branch on <c>error.code</c>, not on the HTTP status.</summary>
public enum GraphErrorKind
{
    /// <summary>Rate limits, 5xx, timeouts: retried with back-off.</summary>
    Transient,

    /// <summary>The body was refused as invalid (100, 131008, 131009, 131051): retried once as plain text.</summary>
    InvalidMessage,

    /// <summary>Outside the 24-hour window (131047): only a template can be sent.</summary>
    WindowClosed,

    /// <summary>Authentication, policy, undeliverable and everything else: never retried.</summary>
    Permanent,
}

public sealed class GraphApiException(int httpStatus, long? code, string? traceId, GraphErrorKind kind)
    : Exception($"The Graph API answered {httpStatus} with error code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}.")
{
    public int HttpStatus { get; } = httpStatus;
    public long? Code { get; } = code;
    public string? TraceId { get; } = traceId;
    public GraphErrorKind Kind { get; } = kind;
}

/// <summary>The answer to <c>GET /{media-id}</c> (reference §6.1).</summary>
internal sealed record MediaInfo(string Url, string? MimeType, string? Sha256);

/// <summary>
/// The Cloud API over HTTP: sends (<c>POST /{phone-number-id}/messages</c>) with retries and back-off for rate
/// limits and transient errors, media lookups and downloads with the bearer token. The token is set per request and
/// never logged; errors are logged with their code and <c>fbtrace_id</c> only (details can quote phone numbers).
/// </summary>
internal sealed partial class GraphApiClient(HttpClient http, IOptions<WhatsAppOptions> options, TimeProvider time, ILogger<GraphApiClient> logger)
{
    public const string UserAgent = "IessBot/1.0";

    private WhatsAppOptions Settings => options.Value;

    /// <summary>Sends one message and returns its wamid. Throws <see cref="GraphApiException"/> once retries are used up or the error is not retryable.</summary>
    public async Task<string> SendAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var uri = new Uri(Settings.GraphRoot, $"{Settings.PhoneNumberId}/messages");
        var json = body.ToJsonString();
        for (var attempt = 1; ; attempt++)
        {
            GraphApiException failure;
            try
            {
                using var request = Request(HttpMethod.Post, uri);
                request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return await ReadMessageIdAsync(response, cancellationToken).ConfigureAwait(false);
                }
                failure = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A timeout may have gone out anyway (the Cloud API has no idempotency key, §5.12): retried a limited number of times.
                failure = new GraphApiException(0, null, null, GraphErrorKind.Transient);
            }
            if (failure.Kind != GraphErrorKind.Transient || attempt >= Settings.MaxAttempts)
            {
                LogSendFailed(failure.HttpStatus, failure.Code, failure.TraceId, failure.Kind, attempt);
                throw failure;
            }
            var delay = BackOff(failure.Code, attempt);
            LogRetry(failure.HttpStatus, failure.Code, attempt, delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<MediaInfo> GetMediaAsync(string mediaId, CancellationToken cancellationToken)
    {
        var uri = new Uri(Settings.GraphRoot, $"{Uri.EscapeDataString(mediaId)}?phone_number_id={Settings.PhoneNumberId}");
        using var request = Request(HttpMethod.Get, uri);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
            LogMediaFailed(failure.HttpStatus, failure.Code, failure.TraceId);
            throw failure;
        }
        var info = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        var url = info?["url"]?.GetValue<string>() ?? throw new GraphApiException((int)response.StatusCode, null, null, GraphErrorKind.Permanent);
        return new MediaInfo(url, info["mime_type"]?.ToString(), info["sha256"]?.ToString());
    }

    /// <summary>The media bytes, streamed (the response is returned with its headers read, for the caller to dispose).</summary>
    public async Task<HttpResponseMessage> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!IsMediaHost(url))
        {
            // The bearer token goes only to Meta's media hosts (or the configured Graph API host) over https (§6.1).
            throw new GraphApiException(0, null, null, GraphErrorKind.Permanent);
        }
        using var request = Request(HttpMethod.Get, url);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    internal bool IsMediaHost(Uri url)
    {
        var graph = new Uri(Settings.GraphApiBaseUrl);
        if (url.Scheme == graph.Scheme && url.Host == graph.Host && url.Port == graph.Port)
        {
            return true;
        }
        return url.Scheme == Uri.UriSchemeHttps
            && (url.Host.EndsWith(".fbsbx.com", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".fbcdn.net", StringComparison.OrdinalIgnoreCase)
                || url.Host.EndsWith(".whatsapp.net", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>131056 (pair rate): 4^x; everything else: 2^x; with ±20 % jitter, capped at 5 minutes (§5.12).</summary>
    private TimeSpan BackOff(long? code, int attempt)
    {
        var factor = code == 131056 ? Math.Pow(4, attempt - 1) : Math.Pow(2, attempt - 1);
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        var milliseconds = Math.Min(Settings.RetryBaseDelay.TotalMilliseconds * factor * jitter, TimeSpan.FromMinutes(5).TotalMilliseconds);
        return TimeSpan.FromMilliseconds(milliseconds);
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Settings.AccessToken);
        // Lookaside downloads fail without a User-Agent (§6.1).
        request.Headers.UserAgent.ParseAdd(UserAgent);
        return request;
    }

    private static async Task<string> ReadMessageIdAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        return answer?["messages"]?[0]?["id"]?.GetValue<string>() ?? "";
    }

    private static async Task<GraphApiException> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        long? code = null;
        string? trace = null;
        try
        {
            var error = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false))?["error"];
            code = error?["code"] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;
            trace = error?["fbtrace_id"]?.ToString();
        }
        catch (JsonException)
        {
            // A proxy's HTML page: classified by the HTTP status alone.
        }
        return new GraphApiException((int)response.StatusCode, code, trace, Classify((int)response.StatusCode, code));
    }

    internal static GraphErrorKind Classify(int httpStatus, long? code) => code switch
    {
        130429 or 131056 or 131057 or 1 or 2 or 4 or 80007 or 131000 or 131016 or 133004 => GraphErrorKind.Transient,
        100 or 131008 or 131009 or 131051 => GraphErrorKind.InvalidMessage,
        131047 => GraphErrorKind.WindowClosed,
        null when httpStatus is (int)HttpStatusCode.TooManyRequests or >= 500 => GraphErrorKind.Transient,
        not null when httpStatus >= 500 && code is not (190 or 10 or 3 or 0 or 368 or 131031) => GraphErrorKind.Transient,
        _ => GraphErrorKind.Permanent,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph API answered {HttpStatus} with error code {Code}; retry {Attempt} in {DelayMs:0} ms")]
    private partial void LogRetry(int httpStatus, long? code, int attempt, double delayMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "WhatsApp send failed: HTTP {HttpStatus}, error code {Code}, fbtrace_id {TraceId}, {Kind} after {Attempts} attempts")]
    private partial void LogSendFailed(int httpStatus, long? code, string? traceId, GraphErrorKind kind, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WhatsApp media lookup failed: HTTP {HttpStatus}, error code {Code}, fbtrace_id {TraceId}")]
    private partial void LogMediaFailed(int httpStatus, long? code, string? traceId);
}
