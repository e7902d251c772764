using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IessBot.Benchmarks;

/// <summary>
/// The Emulator's Connector: receives the bot's replies (reply and send routes), answers
/// <c>{ "id": … }</c> as the Emulator does, and keeps the last reply text of each conversation.
/// </summary>
internal sealed class ConnectorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _nextId;

    private ConnectorServer(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";
    public ConcurrentDictionary<string, string> LastReplyText { get; } = new(StringComparer.Ordinal);
    public long RepliesReceived => Interlocked.Read(ref _nextId);

    public static async Task<ConnectorServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ConnectorServer(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId?}", server.ReceiveAsync);
        await app.StartAsync();
        server.ServiceUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    private async Task<IResult> ReceiveAsync(string conversationId, HttpRequest request)
    {
        using var body = await JsonDocument.ParseAsync(request.Body);
        if (body.RootElement.TryGetProperty("text", out var text) && text.GetString() is { } value)
        {
            LastReplyText[conversationId] = value;
        }
        return Results.Json(new { id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
