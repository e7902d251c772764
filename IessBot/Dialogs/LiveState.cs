using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace IessBot.Dialogs;

/// <summary>
/// Keeps one typed object per dialog-instance state node for the life of that node, so every step
/// that runs in one turn (for example through <c>NextAsync</c>) shares the same object and no step
/// overwrites another's changes with a stale copy. Nodes are parsed afresh each turn, so the typed
/// object is always rebuilt from JSON at the start of a turn.
/// </summary>
internal static class LiveState
{
    private static readonly ConditionalWeakTable<JsonObject, object> Cache = new();

    public static T Get<T>(JsonObject instanceState, string key) where T : class, new()
    {
        if (Cache.TryGetValue(instanceState, out var live) && live is T typed)
        {
            return typed;
        }
        var loaded = DialogJson.FromNode<T>(instanceState[key]) ?? new T();
        Cache.AddOrUpdate(instanceState, loaded);
        return loaded;
    }

    public static void Save<T>(JsonObject instanceState, string key, T value) where T : class =>
        instanceState[key] = DialogJson.ToNode(value);
}
