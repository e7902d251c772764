using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;

namespace IessBot.Turns;

/// <summary>
/// One turn of one conversation: the inbound activity, the conversation's state for this turn, and
/// the replies collected so far. Replies are not sent while the turn runs; the pipeline delivers them
/// after the state has been saved (DESIGN.md, "How a turn runs").
/// </summary>
public interface ITurnContext
{
    Activity Activity { get; }

    /// <summary>Conversation state properties (for example <c>DialogState</c>), loaded at the start of the turn.</summary>
    JsonObject State { get; }

    /// <summary>True once anything has been sent in this turn (prompts use it to decide whether to retry).</summary>
    bool Responded { get; }

    /// <summary>The activities sent in this turn, in order.</summary>
    IReadOnlyList<Activity> Replies { get; }

    /// <summary>The result of an <c>invoke</c> activity; null means "not handled" (answered 501).</summary>
    InvokeResponse? InvokeResponse { get; set; }

    TimeProvider Time { get; }

    /// <summary>Queues an activity to the sender of the inbound activity, addressed as the SDK does (reference §2.3).</summary>
    void Send(Activity activity);
}

public static class TurnContextExtensions
{
    public static void SendText(this ITurnContext turn, string text) =>
        turn.Send(new Activity { Type = ActivityTypes.Message, Text = text });
}

public sealed record InvokeResponse(int Status, System.Text.Json.JsonElement? Body = null);
