using System.Collections.Concurrent;
using System.Text.Json;
using IessBot.BotFramework.Schema;
using IessBot.Tests.Infrastructure;
using IessBot.Turns;

namespace IessBot.Tests.BotFramework;

/// <summary>Every activity a test bot saw, in order.</summary>
public sealed class TurnLog
{
    public ConcurrentQueue<Activity> Seen { get; } = new();
}

/// <summary>
/// Welcomes members other than itself, echoes messages (a message "trace" also sends a trace activity),
/// answers the invoke named "handled", and ignores everything else.
/// </summary>
public sealed class EchoBot(TurnLog log) : IBot
{
    public const string Welcome = "Bienvenido al canal de quejas y denuncias del IESS.";

    public Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        log.Seen.Enqueue(activity);
        switch (activity.Type)
        {
            case ActivityTypes.ConversationUpdate:
                foreach (var _ in (activity.MembersAdded ?? []).Where(m => m.Id != activity.Recipient?.Id))
                {
                    turn.SendText(Welcome);
                }
                break;
            case ActivityTypes.Message:
                if (activity.Text == "trace")
                {
                    turn.Send(new Activity { Type = ActivityTypes.Trace, Name = "TestTrace", Label = "debug" });
                }
                turn.SendText($"eco: {activity.Text}");
                break;
            case ActivityTypes.Invoke when activity.Name == "handled":
                turn.InvokeResponse = new InvokeResponse(200, JsonSerializer.SerializeToElement(new { ok = true }));
                break;
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// Detects overlapping turns and counts turns in conversation state: each turn reads the counter, waits,
/// then writes it back, so a lost update or a parallel turn would show.
/// </summary>
public sealed class SerialBot : IBot
{
    private int _active;
    private int _overlaps;

    public int Overlaps => _overlaps;
    public ConcurrentQueue<string> Order { get; } = new();

    public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _active) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }
        try
        {
            var count = (turn.State["count"]?.GetValue<int>() ?? 0) + 1;
            await Task.Delay(20, cancellationToken);
            turn.State["count"] = count;
            Order.Enqueue(turn.Activity.Text!);
            turn.SendText($"{turn.Activity.Text}#{count}");
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }
}

internal static class BotHosts
{
    /// <summary>The real app with <typeparamref name="TBot"/>, an in-memory state store, and optional extra wiring.</summary>
    public static Task<TestBotHost> StartAsync<TBot>(IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
        where TBot : class, IBot =>
        TestBotHost.StartAsync(settings, configure: b =>
        {
            b.Services.AddSingleton<TurnLog>();
            b.Services.AddSingleton<TBot>();
            b.Services.AddSingleton<IBot>(sp => sp.GetRequiredService<TBot>());
            b.Services.AddSingleton<InMemoryStateStore>();
            b.Services.AddSingleton<IConversationStateStore>(sp => sp.GetRequiredService<InMemoryStateStore>());
            configure?.Invoke(b);
        });
}
