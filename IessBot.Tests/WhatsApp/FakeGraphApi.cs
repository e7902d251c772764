using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace IessBot.Tests.WhatsApp;

/// <summary>One message the bot sent, as the Graph API received it.</summary>
public sealed record SentMessage(string MessageId, JsonObject Body, string? Authorization)
{
    public string? To => Body["to"]?.GetValue<string>();
    public string? Recipient => Body["recipient"]?.GetValue<string>();
    public string? Type => Body["type"]?.GetValue<string>();
    public string? InteractiveType => Body["interactive"]?["type"]?.GetValue<string>();

    /// <summary>What the citizen reads: the text body or the interactive body.</summary>
    public string Text => Body["text"]?["body"]?.GetValue<string>() ?? Body["interactive"]?["body"]?["text"]?.GetValue<string>() ?? "";

    /// <summary>Reply button (id, title) or list row (id, title, description) of an interactive message.</summary>
    public IReadOnlyList<(string Id, string Title, string? Description)> Options =>
        Body["interactive"]?["action"]?["buttons"] is JsonArray buttons
            ? [.. buttons.Select(b => (b!["reply"]!["id"]!.GetValue<string>(), b["reply"]!["title"]!.GetValue<string>(), (string?)null))]
            : Body["interactive"]?["action"]?["sections"] is JsonArray sections
                ? [.. sections.SelectMany(s => s!["rows"]!.AsArray()).Select(r => (r!["id"]!.GetValue<string>(), r["title"]!.GetValue<string>(), r["description"]?.GetValue<string>()))]
                : [];
}

/// <summary>
/// The Cloud API's part, over real HTTP on 127.0.0.1: records every send, serves media (lookup by id, then the
/// bytes with the bearer token), and answers scheduled errors with any Graph error code.
/// </summary>
public sealed class FakeGraphApi : IAsyncDisposable
{
    public const string Version = "v25.0";
    public const string PhoneNumberId = "106540352242922";
    public const string DisplayNumber = "15550783881";
    public const string AccessToken = "EAAG-test-access-token-0123456789";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SentMessage> _sent = new();
    private readonly ConcurrentQueue<(int Status, long Code)> _errors = new();
    private readonly ConcurrentDictionary<string, (byte[] Bytes, string Mime, string? Sha256)> _media = new();
    private int _counter;
    private int _attempts;

    private FakeGraphApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<SentMessage> Sent => [.. _sent];

    /// <summary>Every POST to /messages, refused ones included.</summary>
    public int SendAttempts => _attempts;

    public ConcurrentQueue<string?> DownloadAuthorizations { get; } = new();
    public ConcurrentQueue<string?> DownloadUserAgents { get; } = new();

    public static async Task<FakeGraphApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGraphApi(app);
        app.MapPost($"/{Version}/{{phoneNumberId}}/messages", fake.SendAsync);
        app.MapGet($"/{Version}/{{mediaId}}", fake.LookupMedia);
        app.MapGet("/media-files/{mediaId}", fake.DownloadAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return fake;
    }

    /// <summary>The next <paramref name="times"/> sends are refused with this HTTP status and Graph error code.</summary>
    public void FailNextSends(int httpStatus, long code, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _errors.Enqueue((httpStatus, code));
        }
    }

    /// <summary>Serves a file under a media id, announcing its real SHA-256 unless another one is given.</summary>
    public void AddMedia(string mediaId, byte[] bytes, string mime, string? announcedSha256 = null) =>
        _media[mediaId] = (bytes, mime, announcedSha256 ?? Convert.ToBase64String(SHA256.HashData(bytes)));

    public static string Sha256Of(byte[] bytes) => Convert.ToBase64String(SHA256.HashData(bytes));

    public IReadOnlyList<SentMessage> SentTo(string waIdOrUserKey) =>
        [.. Sent.Where(m => m.To == "+" + waIdOrUserKey || m.Recipient == waIdOrUserKey)];

    private async Task<IResult> SendAsync(HttpContext http, string phoneNumberId)
    {
        Interlocked.Increment(ref _attempts);
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization != "Bearer " + AccessToken)
        {
            return Error(401, 190);
        }
        if (_errors.TryDequeue(out var error))
        {
            return Error(error.Status, error.Code);
        }
        var body = (await JsonNode.ParseAsync(http.Request.Body))!.AsObject();
        var id = $"wamid.OUT{Interlocked.Increment(ref _counter):D6}==";
        _sent.Enqueue(new SentMessage(id, body, authorization));
        return Results.Json(new { messaging_product = "whatsapp", contacts = new[] { new { input = body["to"]?.ToString(), wa_id = "x" } }, messages = new[] { new { id } } });
    }

    private IResult LookupMedia(HttpContext http, string mediaId)
    {
        if (http.Request.Headers.Authorization.ToString() != "Bearer " + AccessToken)
        {
            return Error(401, 190);
        }
        if (!_media.TryGetValue(mediaId, out var media))
        {
            return Error(404, 100);
        }
        return Results.Json(new
        {
            messaging_product = "whatsapp",
            url = $"{BaseUrl}/media-files/{mediaId}",
            mime_type = media.Mime,
            sha256 = media.Sha256,
            file_size = media.Bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            id = mediaId,
        });
    }

    private async Task DownloadAsync(HttpContext http, string mediaId)
    {
        DownloadAuthorizations.Enqueue(http.Request.Headers.Authorization.ToString());
        DownloadUserAgents.Enqueue(http.Request.Headers.UserAgent.ToString());
        if (http.Request.Headers.Authorization.ToString() != "Bearer " + AccessToken || !_media.TryGetValue(mediaId, out var media))
        {
            http.Response.StatusCode = http.Request.Headers.Authorization.Count == 0 ? 401 : 404;
            return;
        }
        http.Response.ContentType = media.Mime;
        http.Response.ContentLength = media.Bytes.Length;
        await http.Response.Body.WriteAsync(media.Bytes);
    }

    private static IResult Error(int status, long code) => Results.Json(new
    {
        error = new { message = $"(#{code}) test error", type = "OAuthException", code, error_data = new { messaging_product = "whatsapp", details = "test" }, fbtrace_id = "AbCdEfTrace" },
    }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
