using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IessBot.BotFramework.Schema;
using IessBot.Tests.Infrastructure;

namespace IessBot.Tests.DirectLine;

/// <summary>
/// A plain HTTP Direct Line client for tests that need exact requests (bad input, uploads of chosen sizes): gets a token
/// from the page's endpoint, starts the conversation, posts as Web Chat does and polls the activity log.
/// </summary>
internal sealed class DirectLineTestClient : IDisposable
{
    private readonly HttpClient _http;
    private long _watermark;

    private DirectLineTestClient(HttpClient http, string conversationId, string token, string userId)
    {
        _http = http;
        ConversationId = conversationId;
        Token = token;
        UserId = userId;
    }

    public string ConversationId { get; }
    public string Token { get; }
    public string UserId { get; }
    public string ActivitiesPath => $"v3/directline/conversations/{ConversationId}/activities";
    public string UploadPath => $"v3/directline/conversations/{ConversationId}/upload?userId={UserId}";

    public static async Task<DirectLineTestClient> StartAsync(TestBotHost host)
    {
        var http = host.CreateClient();
        using var tokenResponse = await http.PostAsync("api/directline/token", null);
        tokenResponse.EnsureSuccessStatusCode();
        using var info = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        var token = info.RootElement.GetProperty("token").GetString()!;
        var conversationId = info.RootElement.GetProperty("conversationId").GetString()!;
        var claims = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]));
        var client = new DirectLineTestClient(http, conversationId, token, claims.RootElement.GetProperty("user").GetString()!);
        using var start = await client.SendAsync(HttpMethod.Post, "v3/directline/conversations", null);
        start.EnsureSuccessStatusCode();
        return client;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content, string? token = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string? token = null)
    {
        using var request = Request(method, path, content, token);
        return await _http.SendAsync(request);
    }

    public object Message(string text) => new
    {
        type = "message",
        text,
        textFormat = "plain",
        locale = "es-EC",
        from = new { id = UserId, role = "user" },
        channelData = new { clientActivityID = Guid.NewGuid().ToString("N") },
    };

    /// <summary>Posts a message and returns the bot's replies to it (the POST answers after the turn, reference §4.4).</summary>
    public async Task<IReadOnlyList<Activity>> SayAsync(string text)
    {
        using var response = await SendAsync(HttpMethod.Post, ActivitiesPath, JsonContent.Create(Message(text)));
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<ResourceResponse>(BotJson.Options))!.Id;
        return [.. (await NewActivitiesAsync()).Where(a => a.ReplyToId == id)];
    }

    /// <summary>The activities logged since the last call.</summary>
    public async Task<IReadOnlyList<Activity>> NewActivitiesAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, $"{ActivitiesPath}?watermark={_watermark}", null);
        response.EnsureSuccessStatusCode();
        using var set = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        _watermark = long.Parse(set.RootElement.GetProperty("watermark").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        return set.RootElement.GetProperty("activities").Deserialize<List<Activity>>(BotJson.Options)!;
    }

    /// <summary>An upload as DirectLineJS builds it: the activity part, then one part per file.</summary>
    public MultipartFormDataContent UploadContent(params (string Name, string ContentType, Stream Content)[] files)
    {
        var activity = new
        {
            type = "message",
            from = new { id = UserId, role = "user" },
            locale = "es-EC",
            attachments = files.Select(f => new { contentType = f.ContentType, name = f.Name }).ToArray(),
            channelData = new { clientActivityID = Guid.NewGuid().ToString("N"), attachmentSizes = Array.Empty<int>() },
        };
        var form = new MultipartFormDataContent();
        var activityPart = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(activity));
        activityPart.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
        form.Add(activityPart, "activity", "blob");
        foreach (var (name, contentType, content) in files)
        {
            var part = new StreamContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(part, "file", name);
        }
        return form;
    }

    public void Dispose() => _http.Dispose();
}
