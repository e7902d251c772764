using System.Text.Json.Nodes;
using IessBot.Turns;

namespace IessBot.Dialogs;

/// <summary>A set of dialogs by unique id, and the entry point that opens a turn's <see cref="DialogContext"/>.</summary>
public sealed class DialogSet
{
    /// <summary>The conversation state property that holds the root dialog stack (reference/botframework.md §6.1).</summary>
    public const string DialogStateProperty = "DialogState";

    private readonly Dictionary<string, Dialog> _dialogs = new(StringComparer.Ordinal);

    public DialogSet Add(Dialog dialog)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        if (!_dialogs.TryAdd(dialog.Id, dialog) && !ReferenceEquals(_dialogs[dialog.Id], dialog))
        {
            throw new ArgumentException($"A different dialog with id '{dialog.Id}' is already in the set.", nameof(dialog));
        }
        return this;
    }

    public Dialog? Find(string dialogId) => _dialogs.GetValueOrDefault(dialogId);

    public IEnumerable<Dialog> GetDialogs() => _dialogs.Values;

    /// <summary>Opens the dialog stack stored in <c>turn.State["DialogState"]</c>, creating an empty one.</summary>
    public DialogContext CreateContext(ITurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (turn.State[DialogStateProperty] is not JsonObject state)
        {
            state = [];
            turn.State[DialogStateProperty] = state;
        }
        return new DialogContext(this, turn, state, parent: null);
    }
}
