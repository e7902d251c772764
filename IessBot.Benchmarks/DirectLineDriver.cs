using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace IessBot.Benchmarks;

/// <summary>
/// Runs complete filings through IessBot's Direct Line, as Web Chat does: a token from the page's endpoint, start the
/// conversation, wait for the welcome, then post each answer of <see cref="FilingScript.Answers"/>. A turn is timed from
/// the POST until the client has the bot's replies: with polling, the POST and one GET of the activity log right after
/// it (a client polling every second would add its interval, which measures the client, not the server); with the
/// WebSocket, until the frame carrying the replies arrives. Starting a conversation (token, start, welcome) counts as
/// one turn, as the conversationUpdate does for /api/messages.
/// </summary>
internal sealed partial class DirectLineDriver(HttpClient http, bool webSocket)
{
    private ConcurrentBag<double> _latenciesMs = [];
    private long _filings;
    private long _errors;

    public void Reset()
    {
        _latenciesMs = [];
        _filings = 0;
        _errors = 0;
    }

    public async Task RunAsync(int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await FileOneAsync(until, cancellationToken);
                }
                catch (Exception exception) when (exception is HttpRequestException or WebSocketException or TimeoutException or TaskCanceledException or JsonException)
                {
                    Interlocked.Increment(ref _errors);
                }
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
    }

    private async Task FileOneAsync(long until, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var conversation = await DirectLineConversation.StartAsync(http, webSocket, cancellationToken);
        await conversation.WelcomeAsync(cancellationToken);
        _latenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        string? last = null;
        foreach (var text in FilingScript.Answers)
        {
            if (Stopwatch.GetTimestamp() >= until)
            {
                return;
            }
            var turn = Stopwatch.GetTimestamp();
            last = await conversation.SayAsync(text, cancellationToken);
            _latenciesMs.Add(Stopwatch.GetElapsedTime(turn).TotalMilliseconds);
        }
        if (last is not null && CaseNumberPattern().IsMatch(last))
        {
            Interlocked.Increment(ref _filings);
        }
        else
        {
            Interlocked.Increment(ref _errors);
        }
    }

    public LevelResult Summarize(TimeSpan elapsed, TimeSpan botCpu, long peakRss)
    {
        var sorted = _latenciesMs.ToArray();
        Array.Sort(sorted);
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new LevelResult(sorted.Length, sorted.Length / elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99),
            sorted.Length == 0 ? double.NaN : botCpu.TotalMilliseconds / sorted.Length, peakRss / (1024.0 * 1024.0),
            Interlocked.Read(ref _filings), Interlocked.Read(ref _errors));
    }

    [GeneratedRegex(@"\b[QD]-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex CaseNumberPattern();
}

/// <summary>One Direct Line conversation of the benchmark's citizen.</summary>
internal sealed class DirectLineConversation : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly string _id;
    private readonly string _token;
    private readonly string _userId;
    private readonly ClientWebSocket? _socket;
    private readonly Channel<JsonElement> _frames = Channel.CreateUnbounded<JsonElement>();
    private readonly CancellationTokenSource _stop = new();
    private string _watermark = "";

    private DirectLineConversation(HttpClient http, string id, string token, string userId, ClientWebSocket? socket)
    {
        _http = http;
        _id = id;
        _token = token;
        _userId = userId;
        _socket = socket;
    }

    public static async Task<DirectLineConversation> StartAsync(HttpClient http, bool webSocket, CancellationToken cancellationToken)
    {
        using var issued = await http.PostAsync("api/directline/token", null, cancellationToken);
        var page = await issued.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var token = page.GetProperty("token").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var started = await http.SendAsync(request, cancellationToken);
        var info = await started.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var claims = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement;
        ClientWebSocket? socket = null;
        if (webSocket)
        {
            socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(info.GetProperty("streamUrl").GetString()!), cancellationToken);
        }
        var conversation = new DirectLineConversation(http, info.GetProperty("conversationId").GetString()!, token, claims.GetProperty("user").GetString()!, socket);
        if (socket is not null)
        {
            _ = conversation.ReceiveAsync();
        }
        return conversation;
    }

    /// <summary>Waits for the bot's first message (the welcome, from the conversationUpdate at the start).</summary>
    public async Task WelcomeAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2000; attempt++)
        {
            if (await NextRepliesAsync(replyToId: null, cancellationToken) is { Count: > 0 })
            {
                return;
            }
            if (_socket is null)
            {
                await Task.Delay(5, cancellationToken);
            }
        }
        throw new TimeoutException("No welcome.");
    }

    /// <summary>Posts an answer; returns the text of the bot's last reply to it.</summary>
    public async Task<string?> SayAsync(string text, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Post, $"v3/directline/conversations/{_id}/activities");
        request.Content = JsonContent.Create(new
        {
            type = "message",
            text,
            textFormat = "plain",
            locale = "es-EC",
            from = new { id = _userId, role = "user" },
            channelData = new { clientActivityID = Guid.NewGuid().ToString("N") },
        }, options: Json);
        using var response = await _http.SendAsync(request, cancellationToken);
        var id = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString();
        var replies = await NextRepliesAsync(id, cancellationToken);
        return replies.Count == 0 ? null : replies[^1].GetProperty("text").GetString();
    }

    /// <summary>Uploads one file as DirectLineJS does (an activity part, then the file part); returns the bot's last reply.</summary>
    public async Task<string?> UploadAsync(Stream content, string name, CancellationToken cancellationToken)
    {
        var activity = new StringContent(JsonSerializer.Serialize(new
        {
            type = "message",
            from = new { id = _userId, role = "user" },
            attachments = new[] { new { contentType = "application/pdf", name } },
            channelData = new { clientActivityID = Guid.NewGuid().ToString("N") },
        }, Json));
        activity.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
        var file = new StreamContent(content, 64 * 1024);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { activity, "activity", "blob" }, { file, "file", name } };
        using var request = Request(HttpMethod.Post, $"v3/directline/conversations/{_id}/upload?userId={_userId}");
        request.Content = form;
        using var response = await _http.SendAsync(request, cancellationToken);
        var id = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString();
        var replies = await NextRepliesAsync(id, cancellationToken);
        return replies.Count == 0 ? null : replies[^1].GetProperty("text").GetString();
    }

    /// <summary>The bot messages of the next set (the WebSocket frame, or a GET after the watermark) replying to <paramref name="replyToId"/>.</summary>
    private async Task<List<JsonElement>> NextRepliesAsync(string? replyToId, CancellationToken cancellationToken)
    {
        while (true)
        {
            JsonElement set;
            if (_socket is null)
            {
                using var request = Request(HttpMethod.Get, $"v3/directline/conversations/{_id}/activities?watermark={_watermark}");
                using var response = await _http.SendAsync(request, cancellationToken);
                set = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                _watermark = set.GetProperty("watermark").GetString()!;
            }
            else
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                set = await _frames.Reader.ReadAsync(timeout.Token);
            }
            var replies = set.GetProperty("activities").EnumerateArray()
                .Where(a => a.GetProperty("type").GetString() == "message" && a.GetProperty("from").GetProperty("role").GetString() == "bot"
                    && (replyToId is null || (a.TryGetProperty("replyToId", out var r) && r.GetString() == replyToId)))
                .ToList();
            if (replies.Count > 0 || _socket is null)
            {
                return replies;
            }
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return request;
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (_socket!.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, _stop.Token);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                if (message.Length > 0)
                {
                    _frames.Writer.TryWrite(JsonDocument.Parse(message.ToArray()).RootElement);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // the conversation is over
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket is not null)
        {
            _socket.Abort();
            _socket.Dispose();
        }
        _stop.Dispose();
    }
}
