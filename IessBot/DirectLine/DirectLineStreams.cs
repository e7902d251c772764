using System.Threading.Channels;
using IessBot.BotFramework.Schema;

namespace IessBot.DirectLine;

/// <summary>
/// A set of activities pushed to a conversation's open WebSockets. Logged activities carry the watermark of the last
/// one; typing (never logged, reference §4.6) carries none.
/// </summary>
public sealed record StreamFrame(long? Watermark, IReadOnlyList<Activity> Activities);

/// <summary>
/// The open WebSockets of each conversation. <see cref="ConversationLog"/> publishes in watermark order (its appends
/// are serialised per conversation), so every subscriber receives frames in order. A subscriber that falls far behind
/// is closed; its client reconnects with its watermark and misses nothing (reference §4.6).
/// </summary>
public sealed class DirectLineStreams
{
    private readonly Dictionary<string, List<StreamSubscription>> _subscribers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public StreamSubscription Subscribe(string conversationId)
    {
        var subscription = new StreamSubscription(this, conversationId);
        lock (_gate)
        {
            if (!_subscribers.TryGetValue(conversationId, out var list))
            {
                _subscribers[conversationId] = list = [];
            }
            list.Add(subscription);
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

    /// <summary>Completes when the server closes the stream or the subscriber fell behind.</summary>
    public ChannelReader<StreamFrame> Frames => _frames.Reader;

    internal void Offer(StreamFrame frame)
    {
        if (!_frames.Writer.TryWrite(frame))
        {
            // Too far behind: end the stream rather than block the conversation; the client resumes from its watermark.
            _frames.Writer.TryComplete();
        }
    }

    internal void Close() => _frames.Writer.TryComplete();

    public void Dispose()
    {
        _frames.Writer.TryComplete();
        _owner.Remove(this);
    }
}
