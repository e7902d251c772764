using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Turns;

namespace IessBot.Dialogs;

/// <summary>
/// A dialog made of dialogs (reference/botframework.md §6.7): it owns an inner <see cref="DialogSet"/>
/// and keeps its inner stack in its own instance state under <c>"dialogs"</c>. When the inner stack
/// finishes, the component ends with the inner result.
/// </summary>
/// <remarks>
/// Interruptions: before a message reaches the inner stack, <see cref="OnInterruptAsync"/> may claim it
/// (for example "cancelar", "ayuda", "menú"). An outer component sees the message before the
/// components nested in it, so application-wide commands belong on the outermost one.
/// </remarks>
public class ComponentDialog(string dialogId) : Dialog(dialogId)
{
    private const string InnerStateKey = "dialogs";

    /// <summary>The dialogs of this component.</summary>
    protected DialogSet Dialogs { get; } = new();

    /// <summary>The dialog begun with the component; by default the first one added.</summary>
    public string? InitialDialogId { get; set; }

    public ComponentDialog AddDialog(Dialog dialog)
    {
        Dialogs.Add(dialog);
        InitialDialogId ??= dialog.Id;
        return this;
    }

    public Dialog? FindDialog(string dialogId) => Dialogs.Find(dialogId);

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var innerDc = CreateInnerContext(dc, dc.ActiveDialog!);
        var inner = await OnBeginDialogAsync(innerDc, options, cancellationToken).ConfigureAwait(false);
        return await CompleteInnerTurnAsync(dc, inner, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var innerDc = CreateInnerContext(dc, dc.ActiveDialog!);
        DialogTurnResult? inner = null;
        if (dc.Context.Activity.Type == ActivityTypes.Message)
        {
            inner = await OnInterruptAsync(innerDc, cancellationToken).ConfigureAwait(false);
        }
        inner ??= await OnContinueDialogAsync(innerDc, cancellationToken).ConfigureAwait(false);
        return await CompleteInnerTurnAsync(dc, inner, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A dialog pushed above this component ended: ask the inner dialog again and wait.</summary>
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        await RepromptDialogAsync(dc.Context, dc.ActiveDialog!, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override Task RepromptDialogAsync(ITurnContext turn, DialogInstance instance, CancellationToken cancellationToken) =>
        CreateInnerContext(turn, instance).RepromptDialogAsync(cancellationToken);

    public override async Task EndDialogAsync(ITurnContext turn, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken)
    {
        if (reason == DialogReason.CancelCalled)
        {
            await CreateInnerContext(turn, instance).CancelAllDialogsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Lets the component claim a message before the inner dialog sees it. Return null to let the
    /// inner dialog continue; return <see cref="Dialog.EndOfTurn"/> to keep waiting (the pending prompt
    /// is not re-sent and the next message goes to it); return the result of
    /// <c>innerDc.CancelAllDialogsAsync()</c> to end the component, or of a new inner
    /// <c>BeginDialogAsync</c> to start over.
    /// </summary>
    protected virtual Task<DialogTurnResult?> OnInterruptAsync(DialogContext innerDc, CancellationToken cancellationToken) =>
        Task.FromResult<DialogTurnResult?>(null);

    protected virtual Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, object? options, CancellationToken cancellationToken) =>
        innerDc.BeginDialogAsync(
            InitialDialogId ?? throw new InvalidOperationException($"The component '{Id}' has no dialogs."),
            options,
            cancellationToken);

    protected virtual Task<DialogTurnResult> OnContinueDialogAsync(DialogContext innerDc, CancellationToken cancellationToken) =>
        innerDc.ContinueDialogAsync(cancellationToken);

    /// <summary>Ends the component in the outer stack; override to map the inner result.</summary>
    protected virtual Task<DialogTurnResult> EndComponentAsync(DialogContext outerDc, object? result, CancellationToken cancellationToken) =>
        outerDc.EndDialogAsync(result, cancellationToken);

    internal DialogContext CreateInnerContext(DialogContext outerDc, DialogInstance instance) =>
        new(Dialogs, outerDc.Context, InnerState(instance), outerDc);

    private DialogContext CreateInnerContext(ITurnContext turn, DialogInstance instance) =>
        new(Dialogs, turn, InnerState(instance), parent: null);

    private static JsonObject InnerState(DialogInstance instance)
    {
        if (instance.State[InnerStateKey] is JsonObject inner)
        {
            return inner;
        }
        var created = new JsonObject();
        instance.State[InnerStateKey] = created;
        return created;
    }

    private async Task<DialogTurnResult> CompleteInnerTurnAsync(DialogContext outerDc, DialogTurnResult inner, CancellationToken cancellationToken)
    {
        if (inner.Status == DialogTurnStatus.Waiting)
        {
            return EndOfTurn;
        }
        var outer = await EndComponentAsync(outerDc, inner.Result, cancellationToken).ConfigureAwait(false);
        // A cancelled inner stack that empties the outer stack too reports Cancelled, so the caller of
        // the root can tell "the citizen cancelled" from "the dialog finished".
        return inner.Status == DialogTurnStatus.Cancelled && outer.Status == DialogTurnStatus.Complete
            ? new DialogTurnResult(DialogTurnStatus.Cancelled)
            : outer;
    }
}
