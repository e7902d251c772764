using Stopwatch = System.Diagnostics.Stopwatch;
using System.Text.Json;
using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;

namespace IessBot.Turns;

/// <summary>Delivers the replies of a turn through the channel the activity came from.</summary>
public delegate Task DeliverReplies(IReadOnlyList<Activity> replies, CancellationToken cancellationToken);

/// <summary>What happened to one inbound activity.</summary>
public sealed record TurnOutcome(IReadOnlyList<Activity> Replies, bool WasDuplicate, InvokeResponse? InvokeResponse);

/// <summary>
/// How a turn runs (DESIGN.md): one turn at a time per conversation, state loaded with its ETag,
/// replies collected and delivered only after the state save succeeded, the whole turn re-run on a
/// conflict, and activity ids already processed recognised from state and skipped.
/// </summary>
public sealed partial class TurnPipeline(
    IBot bot,
    IConversationStateStore stateStore,
    ConversationQueue queue,
    TimeProvider time,
    ILogger<TurnPipeline> logger,
    TurnMetrics? metrics = null)
{
    /// <summary>How many processed activity ids a conversation remembers for de-duplication.</summary>
    internal const int RememberedActivityIds = 64;
    private const int MaxConflictRetries = 8;

    public Task<TurnOutcome> ProcessAsync(Activity activity, DeliverReplies deliver, CancellationToken cancellationToken)
    {
        var key = StateKey(activity);
        return queue.RunAsync(key, () => RunTurnAsync(key, activity, deliver, cancellationToken));
    }

    /// <summary>The state key of a conversation, as Bot Builder's ConversationState names it (reference §6.1).</summary>
    public static string StateKey(Activity activity)
    {
        var channel = activity.ChannelId;
        var conversation = activity.Conversation?.Id;
        if (string.IsNullOrEmpty(channel) || string.IsNullOrEmpty(conversation))
        {
            throw new ArgumentException("An activity needs channelId and conversation.id to have a conversation state.");
        }
        return $"{channel}/conversations/{conversation}";
    }

    private async Task<TurnOutcome> RunTurnAsync(string key, Activity activity, DeliverReplies deliver, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["ConversationId"] = activity.Conversation?.Id,
            ["ActivityId"] = activity.Id,
            ["ChannelId"] = activity.ChannelId,
        });
        var started = Stopwatch.GetTimestamp();

        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stored = await stateStore.ReadAsync(key, cancellationToken).ConfigureAwait(false);
            var document = StateDocument.Parse(stored?.Document);

            if (activity.Id is { Length: > 0 } id && document.Processed.Contains(id))
            {
                metrics?.Duplicates.Add(1);
                LogDuplicate(activity.Type);
                return new TurnOutcome([], WasDuplicate: true, InvokeResponse: null);
            }

            var turn = new TurnContext(activity, document.Properties, time);
            await bot.OnTurnAsync(turn, cancellationToken).ConfigureAwait(false);

            if (activity.Id is { Length: > 0 } processedId)
            {
                document.Remember(processedId);
            }

            try
            {
                await stateStore.WriteAsync(key, document.Serialize(), stored?.ETag, cancellationToken).ConfigureAwait(false);
            }
            catch (StateConflictException) when (attempt < MaxConflictRetries)
            {
                // Another instance saved this conversation first: discard this turn and its replies, run it again on fresh state.
                metrics?.Conflicts.Add(1);
                LogConflict(attempt);
                continue;
            }

            await deliver(turn.Replies, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            metrics?.RecordTurn(activity, elapsed);
            LogTurn(activity.Type, turn.Replies.Count, elapsed);
            return new TurnOutcome(turn.Replies, WasDuplicate: false, turn.InvokeResponse);
        }
    }

    // Debug, not Information: one line per turn at thousands of turns per second would dominate the console;
    // production reads turn timing from the iessbot.turn.duration histogram (TurnMetrics).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Turn {ActivityType} done in {ElapsedMs:0.0} ms with {ReplyCount} replies")]
    private partial void LogTurn(string? activityType, int replyCount, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Activity of type {ActivityType} was already processed; skipped")]
    private partial void LogDuplicate(string? activityType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State conflict on attempt {Attempt}; the turn runs again on fresh state")]
    private partial void LogConflict(int attempt);

    /// <summary>The persisted form of a conversation's state: named properties plus recently processed activity ids.</summary>
    private sealed class StateDocument
    {
        public JsonObject Properties { get; private init; } = [];
        public List<string> Processed { get; private init; } = [];

        public static StateDocument Parse(string? json)
        {
            if (json is null)
            {
                return new StateDocument();
            }
            var root = JsonNode.Parse(json)!.AsObject();
            var properties = root["properties"] as JsonObject ?? [];
            root.Remove("properties"); // detach, so the turn owns the object
            return new StateDocument
            {
                Properties = properties,
                Processed = root["processed"]?.Deserialize<List<string>>() ?? [],
            };
        }

        public void Remember(string activityId)
        {
            Processed.Add(activityId);
            if (Processed.Count > RememberedActivityIds)
            {
                Processed.RemoveRange(0, Processed.Count - RememberedActivityIds);
            }
        }

        public string Serialize()
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WritePropertyName("properties");
                Properties.WriteTo(writer);
                writer.WriteStartArray("processed");
                foreach (var id in Processed)
                {
                    writer.WriteStringValue(id);
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }
}
