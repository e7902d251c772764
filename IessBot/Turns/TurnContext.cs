using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;

namespace IessBot.Turns;

/// <inheritdoc />
public sealed class TurnContext(Activity activity, JsonObject state, TimeProvider time) : ITurnContext
{
    private readonly List<Activity> _replies = [];
    private readonly ConversationReference _reference = activity.GetConversationReference();

    public Activity Activity { get; } = activity;
    public JsonObject State { get; } = state;
    public TimeProvider Time { get; } = time;
    public bool Responded => _replies.Count > 0;
    public IReadOnlyList<Activity> Replies => _replies;
    public InvokeResponse? InvokeResponse { get; set; }

    public void Send(Activity activity)
    {
        // Outgoing activities never carry the id or timestamp of a previous send (the channel assigns them).
        var addressed = _reference.ApplyTo(activity with { Id = null, Timestamp = null });
        _replies.Add(addressed);
    }
}
