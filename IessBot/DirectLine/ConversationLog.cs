using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
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
/// The position of conversations in use (and their user) is kept in memory, so a turn does not read it back from
/// storage each time; like the append order and the open streams, this assumes one instance serves a conversation.
/// </summary>
public sealed class ConversationLog(IDirectLineStore store, DirectLineStreams streams, TimeProvider time, IOptions<DirectLineOptions> options)
{
    private static readonly TimeSpan MinimumStep = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Echoes reserved but not yet stored, at most, per conversation; a conversation read back from storage (after a
    /// restart) continues this far past its stored position, so an id handed to the bot before a crash is never reused.
    /// </summary>
    internal const int MaxReserved = 64;

    /// <summary>
    /// The last stored activities kept in memory (as JSON) per conversation, so a poll after a turn or a stream's replay
    /// of the welcome does not read and decrypt them again; a turn logs its echo and a few replies. Few, because every
    /// conversation used in the last cleanup interval keeps its tail.
    /// </summary>
    internal const int TailLength = 8;
    private readonly ConversationQueue _order = new();
    private readonly ConcurrentDictionary<string, Position> _positions = new(StringComparer.Ordinal);

    public static string ActivityId(string conversationId, long watermark) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversationId}|{watermark:D7}");

    /// <summary>Records a new conversation; false when it already exists.</summary>
    public async Task<bool> CreateAsync(string conversationId, string? userId, CancellationToken cancellationToken)
    {
        if (!await store.CreateConversationAsync(conversationId, userId, Expiry().ExtendTo, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        _positions[conversationId] = new Position(userId, 0, null, storedWatermark: 0);
        return true;
    }

    /// <summary>The conversation, or null when it does not exist (or has expired).</summary>
    public async Task<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        var position = await PositionAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return position is null ? null : new DirectLineConversation(conversationId, position.UserId, position.Watermark, position.Timestamp, DateTimeOffset.MaxValue);
    }

    /// <summary>Records the user of a conversation started without one.</summary>
    public async Task SetUserAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        await store.SetUserAsync(conversationId, userId, cancellationToken).ConfigureAwait(false);
        if (_positions.TryGetValue(conversationId, out var position))
        {
            position.UserId = userId;
        }
    }

    /// <summary>Drops expired conversations from memory (their storage is already gone).</summary>
    public void Forget(IEnumerable<string> conversationIds)
    {
        foreach (var conversationId in conversationIds)
        {
            _positions.TryRemove(conversationId, out _);
        }
    }

    /// <summary>Drops conversations unused for <paramref name="idle"/> from memory; they are read from storage again when used.</summary>
    public void ForgetIdle(TimeSpan idle)
    {
        var before = Environment.TickCount64 - (long)idle.TotalMilliseconds;
        foreach (var (conversationId, position) in _positions)
        {
            if (position.LastUsed < before && position.Reserved.Count == 0)
            {
                _positions.TryRemove(conversationId, out _);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> in this conversation's append order (for work that must not interleave with appends).</summary>
    public Task<T> InOrderAsync<T>(string conversationId, Func<Task<T>> work) => _order.RunAsync(conversationId, work);

    /// <summary>Stamps, stores and pushes <paramref name="activities"/>, in order after every earlier append of the conversation.</summary>
    public Task<IReadOnlyList<Activity>> AppendAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken) =>
        InOrderAsync(conversationId, () => AppendInOrderAsync(conversationId, activities, cancellationToken));

    /// <summary>The same as <see cref="AppendAsync"/>, for a caller already inside <see cref="InOrderAsync{T}"/> of this conversation.</summary>
    public async Task<IReadOnlyList<Activity>> AppendInOrderAsync(string conversationId, IReadOnlyList<Activity> activities, CancellationToken cancellationToken)
    {
        var position = await PositionAsync(conversationId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("Activities can only be appended to a conversation that exists.");
        var (watermark, timestamp) = (position.Watermark, position.Timestamp);
        var (stamped, logged) = Stamp(conversationId, position, activities);
        try
        {
            await WriteAsync(conversationId, position, stamped, logged, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing of this call was stored: its positions are handed out again (reserved echoes stay reserved).
            (position.Watermark, position.Timestamp) = (watermark, timestamp);
            throw;
        }
        return stamped;
    }

    /// <summary>
    /// Stamps <paramref name="activity"/> (a client's activity: its echo) with the next watermark, id and timestamp without
    /// storing it yet: it is stored and pushed with the next append of the conversation (normally the bot's replies to it,
    /// so a turn costs one write instead of two), or by <see cref="FlushAsync"/>, which the POST awaits before answering
    /// with the id (reference §4.4: the id is given once the activity is accepted). Readers never see a later activity
    /// before it: every write stores the reserved echoes first, in the same transaction. For a caller already inside
    /// <see cref="InOrderAsync{T}"/> of this conversation.
    /// </summary>
    public async Task<Activity> ReserveInOrderAsync(string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        var position = await PositionAsync(conversationId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("Activities can only be appended to a conversation that exists.");
        if (position.Reserved.Count >= MaxReserved)
        {
            await WriteAsync(conversationId, position, [], [], cancellationToken).ConfigureAwait(false);
        }
        var (stamped, logged) = Stamp(conversationId, position, [activity]);
        position.Reserved.AddRange(logged);
        return stamped[0];
    }

    /// <summary>Stores and pushes the conversation's reserved echoes, if any (in its append order).</summary>
    public Task FlushAsync(string conversationId, CancellationToken cancellationToken) =>
        // None reserved now means every echo reserved before this call was stored (writes empty the list as they store it).
        !_positions.TryGetValue(conversationId, out var known) || known.Reserved.Count == 0 ? Task.CompletedTask : InOrderAsync(conversationId, async () =>
        {
            if (_positions.TryGetValue(conversationId, out var position) && position.Reserved.Count > 0)
            {
                await WriteAsync(conversationId, position, [], [], cancellationToken).ConfigureAwait(false);
            }
            return true;
        });

    private (List<Activity> Stamped, List<LoggedActivity> Logged) Stamp(string conversationId, Position position, IReadOnlyList<Activity> activities)
    {
        var watermark = position.Watermark;
        var last = position.Timestamp ?? DateTimeOffset.MinValue;
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
            // Serialised once: the same bytes are stored, kept for polls and pushed to the streams.
            logged.Add(new LoggedActivity(watermark, entry) { Json = JsonSerializer.SerializeToUtf8Bytes(entry, BotJson.Options) });
        }
        (position.Watermark, position.Timestamp) = (watermark, last);
        return (stamped, logged);
    }

    /// <summary>Stores the reserved echoes and <paramref name="logged"/> in one transaction, then pushes them in order.</summary>
    private async Task WriteAsync(string conversationId, Position position, List<Activity> stamped, List<LoggedActivity> logged, CancellationToken cancellationToken)
    {
        var reserved = position.Reserved.ToList();
        if (reserved.Count + logged.Count > 0)
        {
            await store.AppendAsync(conversationId, [.. reserved, .. logged], Expiry(), cancellationToken).ConfigureAwait(false);
        }
        position.Reserved.Clear();
        position.Remember([.. reserved, .. logged]);
        Publish(conversationId, [.. reserved.Select(r => r.Activity), .. stamped], [.. reserved, .. logged]);
    }

    /// <summary>
    /// A log expires <see cref="DirectLineOptions.ActivityLogRetention"/> after its last activity, or up to a
    /// twenty-fourth of it later (an hour for a day): the stored expiry moves only when it falls short, so most turns
    /// write nothing but their activities.
    /// </summary>
    private LogExpiry Expiry()
    {
        var retention = options.Value.ActivityLogRetention;
        var notBefore = time.GetUtcNow() + retention;
        return new LogExpiry(notBefore, notBefore + retention / 24);
    }

    /// <summary>What a client polling from <paramref name="afterWatermark"/> receives (as stored JSON), with the watermark to send next time.</summary>
    public async Task<(IReadOnlyList<ReadOnlyMemory<byte>> Activities, long Watermark)> ReadAsync(string conversationId, long afterWatermark, int maxCount, CancellationToken cancellationToken)
    {
        if (_positions.TryGetValue(conversationId, out var position) && position.TryRead(afterWatermark, maxCount) is { } recent)
        {
            return recent;
        }
        var stored = await store.ReadAsync(conversationId, afterWatermark, maxCount, cancellationToken).ConfigureAwait(false);
        return (stored.Select(s => s.Json).ToList(), stored.Count == 0 ? afterWatermark : stored[^1].Watermark);
    }

    private async Task<Position?> PositionAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (_positions.TryGetValue(conversationId, out var known))
        {
            known.LastUsed = Environment.TickCount64;
            return known;
        }
        var stored = await store.GetConversationAsync(conversationId, cancellationToken).ConfigureAwait(false);
        // Past any echo this conversation may have reserved (and the bot remembered as processed) before a restart.
        return stored is null ? null : _positions.GetOrAdd(conversationId, new Position(stored.UserId, stored.LastWatermark + MaxReserved, stored.LastTimestamp, stored.LastWatermark));
    }

    /// <summary>A conversation's user and position; changed only inside its append order.</summary>
    private sealed class Position(string? userId, long watermark, DateTimeOffset? timestamp, long storedWatermark)
    {
        private readonly Queue<(long Watermark, ReadOnlyMemory<byte> Json)> _tail = new();

        /// <summary>Every stored activity after this watermark is in <see cref="_tail"/> (in memory since this position was made).</summary>
        private long _coveredAfter = storedWatermark;
        private long _storedWatermark = storedWatermark;

        public string? UserId { get; set; } = userId;
        public long Watermark { get; set; } = watermark;
        public DateTimeOffset? Timestamp { get; set; } = timestamp;
        public long LastUsed { get; set; } = Environment.TickCount64;

        /// <summary>Echoes stamped and handed to the bot, stored with the next write (see <see cref="ReserveInOrderAsync"/>).</summary>
        public List<LoggedActivity> Reserved { get; } = [];

        /// <summary>Keeps what a write has just stored (called in the append order, after the write).</summary>
        public void Remember(List<LoggedActivity> stored)
        {
            lock (_tail)
            {
                foreach (var activity in stored)
                {
                    _tail.Enqueue((activity.Watermark, activity.Json));
                    _storedWatermark = activity.Watermark;
                }
                while (_tail.Count > TailLength)
                {
                    _coveredAfter = _tail.Dequeue().Watermark;
                }
            }
        }

        /// <summary>What is stored after <paramref name="afterWatermark"/>, from memory; null when memory does not hold all of it.</summary>
        public (IReadOnlyList<ReadOnlyMemory<byte>> Activities, long Watermark)? TryRead(long afterWatermark, int maxCount)
        {
            lock (_tail)
            {
                if (afterWatermark < _coveredAfter)
                {
                    return null;
                }
                var activities = new List<ReadOnlyMemory<byte>>();
                var next = afterWatermark;
                foreach (var activity in _tail)
                {
                    if (activity.Watermark > afterWatermark && activities.Count < maxCount)
                    {
                        activities.Add(activity.Json);
                        next = activity.Watermark;
                    }
                }
                return (activities, next);
            }
        }
    }

    /// <summary>Consecutive logged activities travel as one set; typing travels alone, without a watermark.</summary>
    private void Publish(string conversationId, List<Activity> stamped, List<LoggedActivity> logged)
    {
        var pending = new List<Activity>();
        var pendingJson = new List<ReadOnlyMemory<byte>>();
        var loggedIndex = 0;
        long? lastWatermark = null;
        foreach (var activity in stamped)
        {
            if (activity.Type == ActivityTypes.Typing)
            {
                Flush();
                var json = JsonSerializer.SerializeToUtf8Bytes(activity, BotJson.Options);
                streams.Publish(conversationId, new StreamFrame(null, [activity]) { Json = DirectLineEndpoints.ActivitySetJson([json], null) });
                continue;
            }
            pending.Add(activity);
            pendingJson.Add(logged[loggedIndex].Json);
            lastWatermark = logged[loggedIndex++].Watermark;
        }
        Flush();

        void Flush()
        {
            if (pending.Count > 0)
            {
                var json = DirectLineEndpoints.ActivitySetJson(pendingJson, lastWatermark?.ToString(CultureInfo.InvariantCulture));
                streams.Publish(conversationId, new StreamFrame(lastWatermark, [.. pending]) { Json = json });
                pending.Clear();
                pendingJson.Clear();
            }
        }
    }
}
