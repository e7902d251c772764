using IessBot.Tests.Infrastructure;
using IessBot.WhatsApp;

namespace IessBot.Tests.WhatsApp;

/// <summary>The real app with the WhatsApp channel on, pointed at a <see cref="FakeGraphApi"/> on loopback.</summary>
internal sealed class WhatsAppTestHost : IAsyncDisposable
{
    public const string VerifyToken = "verify-me-7c1a";

    private WhatsAppTestHost(FakeGraphApi graph, TestBotHost bot, bool ownsGraph)
    {
        Graph = graph;
        Bot = bot;
        _ownsGraph = ownsGraph;
        Http = bot.CreateClient();
    }

    private readonly bool _ownsGraph;

    public FakeGraphApi Graph { get; }
    public TestBotHost Bot { get; }
    public HttpClient Http { get; }
    public IWhatsAppInbox Inbox => Bot.Services.GetRequiredService<IWhatsAppInbox>();

    public static Dictionary<string, string?> Settings(FakeGraphApi graph) => new()
    {
        ["WhatsApp:PhoneNumberId"] = FakeGraphApi.PhoneNumberId,
        ["WhatsApp:AccessToken"] = FakeGraphApi.AccessToken,
        ["WhatsApp:AppSecret"] = Webhooks.AppSecret,
        ["WhatsApp:VerifyToken"] = VerifyToken,
        ["WhatsApp:GraphApiBaseUrl"] = graph.BaseUrl,
        ["WhatsApp:GraphApiVersion"] = FakeGraphApi.Version,
        ["WhatsApp:RetryBaseDelay"] = "00:00:00.010",
    };

    public static async Task<WhatsAppTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        FakeGraphApi? graph = null,
        string? dataDirectory = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var ownsGraph = graph is null;
        graph ??= await FakeGraphApi.StartAsync();
        var all = Settings(graph);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var bot = await TestBotHost.StartAsync(all, dataDirectory, configure);
        return new WhatsAppTestHost(graph, bot, ownsGraph);
    }

    /// <summary>Posts a signed body and waits until the inbox has nothing pending (every message of it handled).</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string body)
    {
        var response = await Webhooks.PostAsync(Http, body);
        await DrainAsync();
        return response;
    }

    public async Task DrainAsync(TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (await Inbox.CountPendingAsync(default) > 0)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("The WhatsApp inbox was not drained in time.");
            }
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Bot.DisposeAsync();
        if (_ownsGraph)
        {
            await Graph.DisposeAsync();
        }
    }
}

/// <summary>A citizen writing from a WhatsApp number (or only a BSUID): each call is one webhook, answered before it returns.</summary>
internal sealed class WhatsAppCitizen(WhatsAppTestHost host, string? waId, string? userId = null)
{
    public string Key => userId ?? waId!;

    /// <summary>Everything sent to this citizen so far: to their number when it is known, else to their BSUID.</summary>
    public IReadOnlyList<SentMessage> Received => [.. host.Graph.Sent.Where(m => waId is not null ? m.To == "+" + waId : m.Recipient == userId)];

    public Task<IReadOnlyList<SentMessage>> SayAsync(string text) =>
        SendAsync(Webhooks.Text(waId, text, userId: userId));

    public Task<IReadOnlyList<SentMessage>> TapAsync(SentMessage shown, string title)
    {
        var option = shown.Options.First(o => o.Title == title);
        var kind = shown.InteractiveType == "list" ? "list" : "button";
        return SendAsync(Webhooks.Reply(waId!, kind, option.Id, option.Title, userId));
    }

    public Task<IReadOnlyList<SentMessage>> SendMediaAsync(string type, string mediaId, string mime, string? sha256, string? filename = null) =>
        SendAsync(Webhooks.Media(waId!, type, mediaId, mime, sha256, filename));

    public async Task<IReadOnlyList<SentMessage>> SendAsync(System.Text.Json.Nodes.JsonObject message)
    {
        var before = Received.Count;
        var response = await host.DeliverAsync(Webhooks.Envelope(Webhooks.Change([Webhooks.Contact(waId, userId)], [message])));
        response.EnsureSuccessStatusCode();
        return [.. Received.Skip(before)];
    }
}
