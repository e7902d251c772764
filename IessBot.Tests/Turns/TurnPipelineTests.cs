using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Turns;
using Microsoft.Extensions.Logging.Abstractions;

namespace IessBot.Tests.Turns;

public class TurnPipelineTests
{
    [Fact]
    public async Task Turns_of_one_conversation_run_one_at_a_time_in_call_order()
    {
        var bot = new RecordingBot(delay: TimeSpan.FromMilliseconds(5));
        var pipeline = NewPipeline(bot, new ConflictingStore());

        // Each call fixes its place in the queue synchronously, so the call order is the arrival order.
        var turns = Enumerable.Range(0, 10).Select(i => pipeline.ProcessAsync(Message("c1", $"a{i}", $"{i}"), NoDelivery, default)).ToArray();
        await Task.WhenAll(turns);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{i}"), bot.Processed);
        Assert.Equal(1, bot.MaxConcurrency);
    }

    [Fact]
    public async Task Different_conversations_run_in_parallel()
    {
        var bot = new RecordingBot(delay: TimeSpan.FromMilliseconds(100));
        var pipeline = NewPipeline(bot, new ConflictingStore());

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => pipeline.ProcessAsync(Message($"c{i}", "a", "x"), NoDelivery, default)));

        Assert.True(bot.MaxConcurrency > 1, $"max concurrency was {bot.MaxConcurrency}");
    }

    [Fact]
    public async Task An_activity_id_already_processed_is_not_processed_again()
    {
        var bot = new RecordingBot();
        var pipeline = NewPipeline(bot, new ConflictingStore());

        var first = await pipeline.ProcessAsync(Message("c1", "same-id", "hola"), NoDelivery, default);
        var second = await pipeline.ProcessAsync(Message("c1", "same-id", "hola"), NoDelivery, default);

        Assert.False(first.WasDuplicate);
        Assert.True(second.WasDuplicate);
        Assert.Single(bot.Processed);
        Assert.Empty(second.Replies);
    }

    [Fact]
    public async Task A_state_conflict_reruns_the_turn_on_fresh_state_and_delivers_only_the_successful_run()
    {
        var store = new ConflictingStore { ConflictsToInject = 2 };
        var bot = new RecordingBot();
        var pipeline = NewPipeline(bot, store);
        var delivered = new List<Activity>();

        var outcome = await pipeline.ProcessAsync(Message("c1", "a1", "hola"), (replies, _) => { delivered.AddRange(replies); return Task.CompletedTask; }, default);

        Assert.Equal(3, bot.Processed.Count); // two discarded runs and the one that was saved
        Assert.Single(delivered);
        Assert.Equal("eco: hola (turno 1)", delivered[0].Text);
        Assert.Same(delivered[0], outcome.Replies[0]);
    }

    [Fact]
    public async Task Replies_are_not_delivered_when_the_state_cannot_be_saved()
    {
        var store = new ConflictingStore { ConflictsToInject = int.MaxValue };
        var pipeline = NewPipeline(new RecordingBot(), store);
        var delivered = 0;

        await Assert.ThrowsAsync<StateConflictException>(() =>
            pipeline.ProcessAsync(Message("c1", "a1", "hola"), (replies, _) => { delivered += replies.Count; return Task.CompletedTask; }, default));

        Assert.Equal(0, delivered);
    }

    [Fact]
    public async Task State_written_in_one_turn_is_seen_by_the_next()
    {
        var bot = new RecordingBot();
        var pipeline = NewPipeline(bot, new ConflictingStore());

        await pipeline.ProcessAsync(Message("c1", "a1", "uno"), NoDelivery, default);
        var outcome = await pipeline.ProcessAsync(Message("c1", "a2", "dos"), NoDelivery, default);

        Assert.Equal("eco: dos (turno 2)", outcome.Replies[0].Text);
    }

    [Fact]
    public async Task Replies_are_addressed_back_to_the_sender_with_reply_to_id()
    {
        var pipeline = NewPipeline(new RecordingBot(), new ConflictingStore());

        var outcome = await pipeline.ProcessAsync(Message("c1|livechat", "act-7", "hola"), NoDelivery, default);

        var reply = Assert.Single(outcome.Replies);
        Assert.Equal("act-7", reply.ReplyToId);
        Assert.Equal("user-1", reply.Recipient?.Id);
        Assert.Equal("bot-1", reply.From?.Id);
        Assert.Equal(RoleTypes.Bot, reply.From?.Role);
        Assert.Equal("c1|livechat", reply.Conversation?.Id);
        Assert.Equal("http://127.0.0.1:1", reply.ServiceUrl);
    }

    [Fact]
    public async Task Turn_duration_and_skipped_duplicates_are_measured()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new TurnMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var measurements = new ConcurrentQueue<(string Instrument, double Value)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        var factory = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter: apps started by tests running in parallel publish the same instruments on theirs.
            if (instrument.Meter.Name == TurnMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        listener.Start();
        var pipeline = new TurnPipeline(new RecordingBot(), new ConflictingStore(), new ConversationQueue(), TimeProvider.System, NullLogger<TurnPipeline>.Instance, metrics);

        await pipeline.ProcessAsync(Message("c1", "a1", "hola"), NoDelivery, default);
        await pipeline.ProcessAsync(Message("c1", "a1", "hola"), NoDelivery, default);

        var duration = Assert.Single(measurements, m => m.Instrument == "iessbot.turn.duration");
        Assert.True(duration.Value > 0);
        Assert.Equal(1, Assert.Single(measurements, m => m.Instrument == "iessbot.turn.duplicates").Value);
    }

    private static readonly DeliverReplies NoDelivery = (_, _) => Task.CompletedTask;

    private static TurnPipeline NewPipeline(IBot bot, IConversationStateStore store) =>
        new(bot, store, new ConversationQueue(), TimeProvider.System, NullLogger<TurnPipeline>.Instance);

    private static Activity Message(string conversationId, string id, string text) => new()
    {
        Type = ActivityTypes.Message,
        Id = id,
        ChannelId = Channels.Test,
        ServiceUrl = "http://127.0.0.1:1",
        Conversation = new ConversationAccount { Id = conversationId },
        From = new ChannelAccount { Id = "user-1" },
        Recipient = new ChannelAccount { Id = "bot-1" },
        Text = text,
    };

    /// <summary>Echoes the text with a per-conversation counter kept in state, and records concurrency.</summary>
    private sealed class RecordingBot(TimeSpan delay = default) : IBot
    {
        private int _running;
        public ConcurrentQueue<string> ProcessedQueue { get; } = new();
        public List<string> Processed => [.. ProcessedQueue];
        public int MaxConcurrency { get; private set; }

        public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
        {
            var running = Interlocked.Increment(ref _running);
            lock (ProcessedQueue)
            {
                MaxConcurrency = Math.Max(MaxConcurrency, running);
            }
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, cancellationToken);
                }
                var count = (turn.State["count"]?.GetValue<int>() ?? 0) + 1;
                turn.State["count"] = count;
                ProcessedQueue.Enqueue(turn.Activity.Text!);
                turn.SendText($"eco: {turn.Activity.Text} (turno {count})");
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    /// <summary>An in-memory store with ETags that can be told to fail the next writes with a conflict.</summary>
    private sealed class ConflictingStore : IConversationStateStore
    {
        private readonly ConcurrentDictionary<string, StoredState> _items = new();
        public int ConflictsToInject { get; set; }

        public Task<StoredState?> ReadAsync(string key, CancellationToken cancellationToken) =>
            Task.FromResult(_items.TryGetValue(key, out var state) ? state : null);

        public Task<string> WriteAsync(string key, string document, string? expectedETag, CancellationToken cancellationToken)
        {
            if (ConflictsToInject > 0)
            {
                ConflictsToInject--;
                throw new StateConflictException(key);
            }
            lock (_items)
            {
                var current = _items.GetValueOrDefault(key);
                if (current?.ETag != expectedETag)
                {
                    throw new StateConflictException(key);
                }
                var etag = Guid.NewGuid().ToString("n");
                JsonNode.Parse(document); // the pipeline must hand over valid JSON
                _items[key] = new StoredState(document, etag);
                return Task.FromResult(etag);
            }
        }

        public Task DeleteAsync(string key, CancellationToken cancellationToken)
        {
            _items.TryRemove(key, out _);
            return Task.CompletedTask;
        }
    }
}
