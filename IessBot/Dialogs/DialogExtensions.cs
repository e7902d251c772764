using IessBot.Turns;

namespace IessBot.Dialogs;

public static class DialogExtensions
{
    /// <summary>
    /// The standard turn driver (reference/botframework.md §6.2): continue the active dialog; when
    /// nothing is active, begin <paramref name="dialog"/>. The stack is read from and left in
    /// <c>turn.State["DialogState"]</c>; the turn pipeline saves it.
    /// </summary>
    public static Task<DialogTurnResult> RunAsync(this Dialog dialog, ITurnContext turn, CancellationToken cancellationToken) =>
        dialog.RunAsync(turn, options: null, cancellationToken);

    /// <inheritdoc cref="RunAsync(Dialog, ITurnContext, CancellationToken)"/>
    public static async Task<DialogTurnResult> RunAsync(this Dialog dialog, ITurnContext turn, object? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        var dc = new DialogSet().Add(dialog).CreateContext(turn);
        var result = await dc.ContinueDialogAsync(cancellationToken).ConfigureAwait(false);
        if (result.Status == DialogTurnStatus.Empty)
        {
            result = await dc.BeginDialogAsync(dialog.Id, options, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }
}
