using System.Text.Json.Nodes;

namespace IessBot.Dialogs;

/// <summary>
/// One entry of the dialog stack, a live view of <c>{ "id": …, "state": { … } }</c> inside the
/// conversation's <c>DialogState</c> JSON. Writing to <see cref="State"/> writes the persisted state.
/// </summary>
public sealed class DialogInstance
{
    internal DialogInstance(JsonObject node)
    {
        Node = node;
    }

    internal JsonObject Node { get; }

    public string Id => Node["id"]?.GetValue<string>() ?? throw new InvalidOperationException("A dialog stack entry has no id.");

    /// <summary>The dialog's own persisted state; everything in it must be plain JSON.</summary>
    public JsonObject State
    {
        get
        {
            if (Node["state"] is JsonObject state)
            {
                return state;
            }
            var created = new JsonObject();
            Node["state"] = created;
            return created;
        }
    }

    internal static JsonObject Create(string dialogId) => new()
    {
        ["id"] = dialogId,
        ["state"] = new JsonObject(),
    };
}
