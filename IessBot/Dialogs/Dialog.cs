using IessBot.Turns;

namespace IessBot.Dialogs;

/// <summary>
/// A unit of conversation that can be pushed on the dialog stack (reference/botframework.md §6.2).
/// Dialog objects are shared by every conversation: all per-conversation data lives in the
/// <see cref="DialogInstance.State"/> JSON of the stack entry, never in fields.
/// </summary>
public abstract class Dialog
{
    /// <summary>The result that means "wait for the next activity".</summary>
    public static readonly DialogTurnResult EndOfTurn = new(DialogTurnStatus.Waiting);

    protected Dialog(string dialogId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dialogId);
        Id = dialogId;
    }

    public string Id { get; }

    /// <summary>Called when the dialog is pushed on the stack; <paramref name="options"/> are the begin options.</summary>
    public abstract Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken);

    /// <summary>Called with each new activity while this dialog is active. By default the dialog ends.</summary>
    public virtual Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.EndDialogAsync(null, cancellationToken);

    /// <summary>Called when a dialog this one started has ended. By default this dialog ends with the child's result.</summary>
    public virtual Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken) =>
        dc.EndDialogAsync(result, cancellationToken);

    /// <summary>Asks the dialog to send its question again.</summary>
    public virtual Task RepromptDialogAsync(ITurnContext turn, DialogInstance instance, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Called just before the dialog leaves the stack.</summary>
    public virtual Task EndDialogAsync(ITurnContext turn, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Identifies the shape of the dialog, to detect state written by an older version.</summary>
    public virtual string GetVersion() => Id;

    public override string ToString() => $"{GetType().Name}('{Id}')";
}
