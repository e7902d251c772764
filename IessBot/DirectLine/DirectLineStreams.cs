using System.Threading.Channels;
using IessBot.BotFramework.Schema;

namespace IessBot.DirectLine;

/// <summary>
/// A set of activities pushed to a conversation's open WebSockets. Logged activities carry the watermark of the last
/// one; typing (never logged, reference §4.6) carries none.
/// </summary>
public sealed record StreamFrame(long? Watermark, IReadOnlyList<Activity> Activities)
{
    /// <summary>The frame's ActivitySet as sent, made once for every subscriber; empty means it is serialised when sent.</summary>
    public ReadOnlyMemory<byte> Json { get; init; }
}

/// <summary>
/// The open WebSockets of each conversation. <see cref="ConversationLog"/> publishes in watermark order (its appends
/// are serialised per conversation), so every subscriber receives frames in order. A subscriber that falls far behind
/// is closed; its client reconnects with its watermark and misses nothing (reference §4.6).
/// </summary>
public sealed class DirectLineStreams
{
    private readonly Dictionary<string, List<StreamSubscription>> _subscribers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>
    /// A new stream of the conversation. One socket per conversation, as Azure's Direct Line keeps (reference §4.6): an
    /// earlier stream is closed with the reason <c>collision</c> (its client reconnects with its watermark if it still wants to).
    /// </summary>
    public StreamSubscription Subscribe(string conversationId)
    {
        var subscription = new StreamSubscription(this, conversationId);
        StreamSubscription[] earlier;
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(conversationId, out var list))
            {
                _subscribers[conversationId] = list = [];
            }
            earlier = [.. list];
            list.Clear();
            list.Add(subscription);
        }
        foreach (var previous in earlier)
        {
            previous.Close(StreamSubscription.Collision);
        }
        return subscription;
    }

    public void Publish(string conversationId, StreamFrame frame)
    {
        StreamSubscription[] targets;
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(conversationId, out var list))
            {
                return;
            }
            targets = [.. list];
        }
        foreach (var subscription in targets)
        {
            subscription.Offer(frame);
        }
    }

    /// <summary>Closes every open stream of a conversation from the server side (clients reconnect, reference §4.6).</summary>
    public int CloseAll(string conversationId)
    {
        StreamSubscription[] targets;
        lock (_gate)
        {
            targets = _subscribers.TryGetValue(conversationId, out var list) ? [.. list] : [];
        }
        foreach (var subscription in targets)
        {
            subscription.Close();
        }
        return targets.Length;
    }

    public int OpenCount(string conversationId)
    {
        lock (_gate)
        {
            return _subscribers.TryGetValue(conversationId, out var list) ? list.Count : 0;
        }
    }

    internal void Remove(StreamSubscription subscription)
    {
        lock (_gate)
        {
            if (_subscribers.TryGetValue(subscription.ConversationId, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _subscribers.Remove(subscription.ConversationId);
            }
        }
    }
}

/// <summary>One open stream's queue of frames; disposing it unsubscribes.</summary>
public sealed class StreamSubscription : IDisposable
{
    /// <summary>The close reason when another stream of the same conversation took over.</summary>
    public const string Collision = "collision";

    /// <summary>The close reason when the client closed its socket (nothing more is sent on it).</summary>
    public const string ClosedByClient = "closed by client";

    private const int MaxPendingFrames = 512;
    private readonly DirectLineStreams _owner;
    private readonly Channel<StreamFrame> _frames = Channel.CreateBounded<StreamFrame>(new BoundedChannelOptions(MaxPendingFrames)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    internal StreamSubscription(DirectLineStreams owner, string conversationId)
    {
        _owner = owner;
        ConversationId = conversationId;
    }

    public string ConversationId { get; }

    /// <summary>Why the server ended this stream, when it did.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Completes when the server closes the stream or the subscriber fell behind.</summary>
    public ChannelReader<StreamFrame> Frames => _frames.Reader;

    internal void Offer(StreamFrame frame)
    {
        if (!_frames.Writer.TryWrite(frame))
        {
            // Too far behind: end the stream rather than block the conversation; the client resumes from its watermark.
            Close("too far behind");
        }
    }

    internal void Close(string reason = "closed by server")
    {
        CloseReason ??= reason;
        _frames.Writer.TryComplete();
    }

    public void Dispose()
    {
        _frames.Writer.TryComplete();
        _owner.Remove(this);
    }
}
