using System.Globalization;
using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Turns;

namespace IessBot.Dialogs.Testing;

/// <summary>
/// Drives a dialog turn by turn without a channel, like Bot Builder's DialogTestClient
/// (reference/botframework.md §6.8). Each turn runs <see cref="DialogExtensions.RunAsync(Dialog, ITurnContext, CancellationToken)"/>
/// on state read from JSON text and written back to JSON text, so state that would not survive a
/// restart fails here. Defaults follow TestAdapter: user1 / bot / convo1, activity ids "0", "1", …,
/// service URL https://test.com, locale es-EC. Trace activities are not queued.
/// </summary>
public sealed class DialogTestClient
{
    private readonly Dialog _dialog;
    private readonly object? _initialDialogOptions;
    private readonly Queue<Activity> _replies = new();
    private int _nextActivityId;

    /// <param name="stateJson">Conversation state saved by an earlier client (<see cref="StateJson"/>), to resume after a "restart".</param>
    public DialogTestClient(string channelId, Dialog targetDialog, object? initialDialogOptions = null, string? stateJson = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        ChannelId = channelId;
        _dialog = targetDialog ?? throw new ArgumentNullException(nameof(targetDialog));
        _initialDialogOptions = initialDialogOptions;
        StateJson = stateJson ?? "{}";
        Time = time ?? TimeProvider.System;
    }

    public string ChannelId { get; }

    public TimeProvider Time { get; }

    public ChannelAccount User { get; init; } = new() { Id = "user1", Name = "User1", Role = RoleTypes.User };

    public ChannelAccount Bot { get; init; } = new() { Id = "bot", Name = "Bot", Role = RoleTypes.Bot };

    public ConversationAccount Conversation { get; init; } = new() { Id = "convo1", Name = "Conversation1" };

    public string? Locale { get; init; } = "es-EC";

    /// <summary>The status and result of the last turn.</summary>
    public DialogTurnResult? DialogTurnResult { get; private set; }

    /// <summary>The conversation state as stored between turns.</summary>
    public string StateJson { get; private set; }

    /// <summary>Runs one turn with a message and returns its first reply, or null.</summary>
    public Task<Activity?> SendActivityAsync(string text, CancellationToken cancellationToken = default) =>
        SendActivityAsync(new Activity { Type = ActivityTypes.Message, Text = text }, cancellationToken);

    /// <summary>Runs one turn with <paramref name="activity"/> (missing addressing filled in) and returns its first reply, or null.</summary>
    public async Task<Activity?> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        _replies.Clear();
        var state = JsonNode.Parse(StateJson)!.AsObject();
        var turn = new TurnContext(Address(activity), state, Time);
        DialogTurnResult = await _dialog.RunAsync(turn, _initialDialogOptions, cancellationToken).ConfigureAwait(false);
        StateJson = state.ToJsonString(DialogJson.Options);
        foreach (var reply in turn.Replies.Where(reply => reply.Type != ActivityTypes.Trace))
        {
            _replies.Enqueue(reply with
            {
                Id = Guid.NewGuid().ToString("N"),
                Timestamp = Time.GetUtcNow(),
            });
        }
        return GetNextReply();
    }

    /// <summary>The next reply of the last turn, or null when there are no more.</summary>
    public Activity? GetNextReply() => _replies.TryDequeue(out var reply) ? reply : null;

    private Activity Address(Activity activity) => activity with
    {
        Type = activity.Type ?? ActivityTypes.Message,
        Id = activity.Id ?? (_nextActivityId++).ToString(CultureInfo.InvariantCulture),
        ChannelId = activity.ChannelId ?? ChannelId,
        ServiceUrl = activity.ServiceUrl ?? "https://test.com",
        From = activity.From ?? User,
        Recipient = activity.Recipient ?? Bot,
        Conversation = activity.Conversation ?? Conversation,
        Locale = activity.Locale ?? Locale,
        Timestamp = activity.Timestamp ?? Time.GetUtcNow(),
    };
}
