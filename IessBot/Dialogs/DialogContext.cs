using System.Text.Json.Nodes;
using IessBot.Dialogs.Prompts;
using IessBot.Turns;

namespace IessBot.Dialogs;

/// <summary>
/// The dialog stack of one turn (reference/botframework.md §6.2). The stack is a live view of the
/// <c>{ "dialogStack": [ … ] }</c> JSON it was opened on (top of stack at index 0), so every change is
/// already in the conversation state when the turn ends.
/// </summary>
public class DialogContext
{
    private readonly JsonObject _state;

    internal DialogContext(DialogSet dialogs, ITurnContext context, JsonObject state, DialogContext? parent)
    {
        Dialogs = dialogs;
        Context = context;
        _state = state;
        Parent = parent;
    }

    /// <summary>A context over the same stack, for dialogs that hand a richer context to their own code.</summary>
    protected DialogContext(DialogContext dc)
        : this(dc.Dialogs, dc.Context, dc._state, dc.Parent)
    {
    }

    public DialogSet Dialogs { get; }

    public ITurnContext Context { get; }

    /// <summary>The context of the component dialog this stack belongs to, or null at the root.</summary>
    public DialogContext? Parent { get; }

    /// <summary>The stack, top first.</summary>
    public IReadOnlyList<DialogInstance> Stack => [.. StackNode.Select(node => new DialogInstance(node!.AsObject()))];

    public DialogInstance? ActiveDialog => StackNode.Count > 0 ? new DialogInstance(StackNode[0]!.AsObject()) : null;

    /// <summary>The inner context of the active dialog when it is a <see cref="ComponentDialog"/>.</summary>
    public DialogContext? Child =>
        ActiveDialog is { } active && FindDialog(active.Id) is ComponentDialog component
            ? component.CreateInnerContext(this, active)
            : null;

    private JsonArray StackNode
    {
        get
        {
            if (_state["dialogStack"] is JsonArray stack)
            {
                return stack;
            }
            var created = new JsonArray();
            _state["dialogStack"] = created;
            return created;
        }
    }

    /// <summary>Finds a dialog in this stack's set, then in the sets of the enclosing components.</summary>
    public Dialog? FindDialog(string dialogId) => Dialogs.Find(dialogId) ?? Parent?.FindDialog(dialogId);

    /// <summary>Pushes a dialog and begins it.</summary>
    public async Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        var dialog = FindDialog(dialogId)
            ?? throw new ArgumentException($"The dialog '{dialogId}' is not in the dialog set; add it before beginning it.", nameof(dialogId));
        StackNode.Insert(0, DialogInstance.Create(dialogId));
        return await dialog.BeginDialogAsync(this, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Begins a prompt; prompts require options (reference/botframework.md §6.2).</summary>
    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return BeginDialogAsync(dialogId, options, cancellationToken);
    }

    /// <summary>Hands the turn's activity to the active dialog; <see cref="DialogTurnStatus.Empty"/> when none is active.</summary>
    public async Task<DialogTurnResult> ContinueDialogAsync(CancellationToken cancellationToken = default)
    {
        if (ActiveDialog is not { } active)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }
        var dialog = FindActive(active);
        return await dialog.ContinueDialogAsync(this, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pops the active dialog and resumes the one below it with <paramref name="result"/>; Complete when the stack empties.</summary>
    public async Task<DialogTurnResult> EndDialogAsync(object? result = null, CancellationToken cancellationToken = default)
    {
        if (ActiveDialog is not null)
        {
            await EndActiveDialogAsync(DialogReason.EndCalled, cancellationToken).ConfigureAwait(false);
        }
        if (ActiveDialog is { } parent)
        {
            var dialog = FindActive(parent);
            return await dialog.ResumeDialogAsync(this, DialogReason.EndCalled, result, cancellationToken).ConfigureAwait(false);
        }
        return new DialogTurnResult(DialogTurnStatus.Complete, result);
    }

    /// <summary>Ends every dialog on this stack with <see cref="DialogReason.CancelCalled"/>.</summary>
    public async Task<DialogTurnResult> CancelAllDialogsAsync(CancellationToken cancellationToken = default)
    {
        if (ActiveDialog is null)
        {
            return new DialogTurnResult(DialogTurnStatus.Empty);
        }
        while (ActiveDialog is not null)
        {
            await EndActiveDialogAsync(DialogReason.CancelCalled, cancellationToken).ConfigureAwait(false);
        }
        return new DialogTurnResult(DialogTurnStatus.Cancelled);
    }

    /// <summary>Ends the active dialog and begins another at the same level (a loop without growing the stack).</summary>
    public async Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        if (ActiveDialog is not null)
        {
            await EndActiveDialogAsync(DialogReason.ReplaceCalled, cancellationToken).ConfigureAwait(false);
        }
        return await BeginDialogAsync(dialogId, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the active dialog to send its question again.</summary>
    public async Task RepromptDialogAsync(CancellationToken cancellationToken = default)
    {
        if (ActiveDialog is { } active)
        {
            await FindActive(active).RepromptDialogAsync(Context, active, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EndActiveDialogAsync(DialogReason reason, CancellationToken cancellationToken)
    {
        var active = ActiveDialog!;
        if (FindDialog(active.Id) is { } dialog)
        {
            await dialog.EndDialogAsync(Context, active, reason, cancellationToken).ConfigureAwait(false);
        }
        // The hook may have changed nothing on this stack; remove exactly the entry we ended.
        StackNode.Remove(active.Node);
    }

    private Dialog FindActive(DialogInstance active) =>
        FindDialog(active.Id)
        ?? throw new DialogStackOutdatedException(active.Id);
}

/// <summary>
/// The saved stack names a dialog the app no longer has (renamed or removed by a deployment). The app decides
/// how to recover, typically by clearing <see cref="DialogSet.DialogStateProperty"/> and starting over.
/// </summary>
public sealed class DialogStackOutdatedException(string dialogId)
    : InvalidOperationException($"The dialog '{dialogId}' on the stack is not in the dialog set; it was renamed or removed since the state was saved.");
