using System.Text.Json.Serialization;
using IessBot.BotFramework.Schema;

namespace IessBot.Dialogs.Choices;

/// <summary>
/// One option of a choice list (reference/botframework.md §6.6). <see cref="Value"/> is what is shown
/// and returned; <see cref="Synonyms"/> are other words that pick it; <see cref="Action"/> replaces the
/// default imBack button.
/// </summary>
public sealed record Choice(string Value)
{
    public IReadOnlyList<string>? Synonyms { get; init; }

    public CardAction? Action { get; init; }

    /// <summary>The label shown to the citizen.</summary>
    [JsonIgnore]
    public string Title => Action?.Title ?? Value;

    public static implicit operator Choice(string value) => new(value);
}
