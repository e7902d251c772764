using System.Globalization;
using IessBot.BotFramework.Schema;
using IessBot.Turns;
using Microsoft.Extensions.Options;

namespace IessBot.DirectLine;

/// <summary>
/// The activity log of each conversation, as clients read it (reference §4.4, §4.6): every activity gets the next
/// watermark, the id <c>&lt;conversationId&gt;|0000007</c> and a server timestamp at least 1 ms after the previous one
/// (Web Chat orders by timestamp at millisecond resolution, §4.9), is stored, then pushed to the open WebSockets.
/// Appends of one conversation run one at a time in call order, so watermarks never skip or repeat and streams
/// receive frames in order. Typing is pushed but never stored (§4.7).
/// </summary>
public sealed class ConversationLog(IDirectLineStore store, DirectLineStreams streams, TimeProvider time, IOptions<DirectLineOptions> options)
{
    private static readonly TimeSpan MinimumStep = TimeSpan.FromMilliseconds(1);
    private readonly ConversationQueue _order = new();

    public static string ActivityId(string conversationId, long watermark) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversationId}|{watermark:D7}");

    /// <summary>Runs <paramref name="work"/> in this conversation's append order (for work that must not interleave with appends).</summary>
    public Task<T> InOrderAsync<T>(string conversationId, Func<Task<T>> work) => _order.RunAsync(conversationId, work);

    /// <summary>Stamps, stores and pushes <paramref name="activities"/>, in order after every earlier append of the conversation.</summary>
    public Task<IReadOnlyList<Activity>> AppendAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken) =>
        InOrderAsync(conversationId, () => AppendInOrderAsync(conversationId, activities, cancellationToken));

    /// <summary>The same as <see cref="AppendAsync"/>, for a caller already inside <see cref="InOrderAsync{T}"/> of this conversation.</summary>
    public async Task<IReadOnlyList<Activity>> AppendInOrderAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        var conversation = await store.GetConversationAsync(conversationId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("Activities can only be appended to a conversation that exists.");
        var watermark = conversation.LastWatermark;
        var last = conversation.LastTimestamp ?? DateTimeOffset.MinValue;
        var stamped = new List<Activity>(activities.Count);
        var logged = new List<LoggedActivity>(activities.Count);
        foreach (var activity in activities)
        {
            var now = time.GetUtcNow();
            last = now > last + MinimumStep ? now : last + MinimumStep;
            if (activity.Type == ActivityTypes.Typing)
            {
                stamped.Add(activity with { Id = $"{conversationId}|t{Guid.NewGuid():N}", Timestamp = last });
                continue;
            }
            watermark++;
            var entry = activity with { Id = ActivityId(conversationId, watermark), Timestamp = last };
            stamped.Add(entry);
            logged.Add(new LoggedActivity(watermark, entry));
        }

        await store.AppendAsync(conversationId, logged, time.GetUtcNow() + options.Value.ActivityLogRetention, cancellationToken).ConfigureAwait(false);
        Publish(conversationId, stamped, logged);
        return stamped;
    }

    /// <summary>What a client polling from <paramref name="afterWatermark"/> receives, with the watermark to send next time.</summary>
    public async Task<(IReadOnlyList<Activity> Activities, long Watermark)> ReadAsync(string conversationId, long afterWatermark, int maxCount, CancellationToken cancellationToken)
    {
        var logged = await store.ReadAsync(conversationId, afterWatermark, maxCount, cancellationToken).ConfigureAwait(false);
        return (logged.Select(l => l.Activity).ToList(), logged.Count == 0 ? afterWatermark : logged[^1].Watermark);
    }

    /// <summary>Consecutive logged activities travel as one set; typing travels alone, without a watermark.</summary>
    private void Publish(string conversationId, List<Activity> stamped, List<LoggedActivity> logged)
    {
        var pending = new List<Activity>();
        var loggedIndex = 0;
        long? lastWatermark = null;
        foreach (var activity in stamped)
        {
            if (activity.Type == ActivityTypes.Typing)
            {
                Flush();
                streams.Publish(conversationId, new StreamFrame(null, [activity]));
                continue;
            }
            pending.Add(activity);
            lastWatermark = logged[loggedIndex++].Watermark;
        }
        Flush();

        void Flush()
        {
            if (pending.Count > 0)
            {
                streams.Publish(conversationId, new StreamFrame(lastWatermark, [.. pending]));
                pending.Clear();
            }
        }
    }
}
