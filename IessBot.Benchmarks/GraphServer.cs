using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IessBot.Benchmarks;

/// <summary>The Graph API's send endpoint: counts the messages each recipient got and lets drivers wait for a count.</summary>
internal sealed class GraphServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Inbox> _inboxes = new(StringComparer.Ordinal);
    private long _nextId;

    private GraphServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<GraphServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new GraphServer(app);
        app.MapPost("/{version}/{phoneNumberId}/messages", server.ReceiveAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public int Count(string waId) => InboxOf(waId).Count;

    public string LastText(string waId) => InboxOf(waId).LastText;

    public Task WaitForAsync(string waId, int count) => InboxOf(waId).WaitForAsync(count);

    private Inbox InboxOf(string waId) => _inboxes.GetOrAdd(waId.TrimStart('+'), _ => new Inbox());

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        var text = body["text"]?["body"]?.GetValue<string>() ?? body["interactive"]?["body"]?["text"]?.GetValue<string>() ?? "";
        InboxOf(body["to"]?.GetValue<string>() ?? "").Add(text);
        var id = Interlocked.Increment(ref _nextId);
        return Results.Json(new { messaging_product = "whatsapp", messages = new[] { new { id = $"wamid.OUT{id}==" } } });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class Inbox
    {
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];

        public int Count { get; private set; }
        public string LastText { get; private set; } = "";

        public void Add(string text)
        {
            lock (_gate)
            {
                Count++;
                LastText = text;
                foreach (var waiter in _waiters.Where(w => w.Count <= Count).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }
        }

        public Task WaitForAsync(int count)
        {
            lock (_gate)
            {
                if (Count >= count)
                {
                    return Task.CompletedTask;
                }
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, done));
                return done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
        }
    }
}
