using System.Text;
using System.Text.Json;
using IessBot.BotFramework.Schema;

namespace IessBot.Dialogs.Choices;

/// <summary>
/// Renders a question with its choices (Bot Builder's ChoiceFactory, reference/botframework.md §6.6),
/// with Spanish separators. Every method returns a message activity with only the rendered members set.
/// </summary>
public static class ChoiceFactory
{
    public const string HeroCardContentType = "application/vnd.microsoft.card.hero";
    private const string InlineSeparator = ", ";
    private const string InlineOr = " o ";

    public static IReadOnlyList<Choice> ToChoices(params IEnumerable<string> values) => [.. values.Select(value => new Choice(value))];

    /// <summary>
    /// Suggested actions when the channel shows that many and every title fits in
    /// <see cref="ChannelCapabilities.MaxActionTitleLength"/>; otherwise a numbered list.
    /// </summary>
    public static Activity ForChannel(string? channelId, IReadOnlyList<Choice> choices, string? text, IReadOnlyList<string>? to = null)
    {
        var fits = choices.All(choice => choice.Title.Length <= ChannelCapabilities.MaxActionTitleLength);
        return fits && ChannelCapabilities.SupportsSuggestedActions(channelId, choices.Count)
            ? SuggestedAction(choices, text, to)
            : List(choices, text);
    }

    /// <summary><c>"text (1) A, (2) B o (3) C"</c>.</summary>
    public static Activity Inline(IReadOnlyList<Choice> choices, string? text, bool includeNumbers = true)
    {
        var builder = new StringBuilder(text);
        for (var i = 0; i < choices.Count; i++)
        {
            var connector = i == 0 ? (builder.Length > 0 ? " " : "")
                : i == choices.Count - 1 ? InlineOr
                : InlineSeparator;
            builder.Append(connector);
            if (includeNumbers)
            {
                builder.Append('(').Append(i + 1).Append(") ");
            }
            builder.Append(choices[i].Title);
        }
        return Message(builder.ToString());
    }

    /// <summary>The text, a blank line, then one <c>"   1. A"</c> line per choice (<c>"   - A"</c> without numbers).</summary>
    public static Activity List(IReadOnlyList<Choice> choices, string? text, bool includeNumbers = true)
    {
        var builder = new StringBuilder(text);
        var connector = builder.Length > 0 ? "\n\n   " : "   ";
        for (var i = 0; i < choices.Count; i++)
        {
            builder.Append(connector).Append(includeNumbers ? $"{i + 1}. " : "- ").Append(choices[i].Title);
            connector = "\n   ";
        }
        return Message(builder.ToString());
    }

    /// <summary>One imBack per choice with title = value, addressed <c>to</c> the user who asked (reference §1.4, §1.6).</summary>
    public static Activity SuggestedAction(IReadOnlyList<Choice> choices, string? text, IReadOnlyList<string>? to = null) =>
        Message(text) with
        {
            SuggestedActions = new SuggestedActions { To = to, Actions = ToActions(choices) },
        };

    /// <summary>A hero card whose text is the question and whose buttons are the choices.</summary>
    public static Activity HeroCard(IReadOnlyList<Choice> choices, string? text)
    {
        var card = new { text, buttons = ToActions(choices) };
        var attachment = new Attachment
        {
            ContentType = HeroCardContentType,
            Content = JsonSerializer.SerializeToElement(card, BotJson.Options),
        };
        return Message(null) with { Attachments = [attachment] };
    }

    /// <summary>
    /// The prompt activity with its choices rendered in <paramref name="style"/>: its own speak and
    /// attachments are kept, and it is marked <c>expectingInput</c> (reference/botframework.md §6.6).
    /// </summary>
    public static Activity AppendChoices(Activity? prompt, string? channelId, IReadOnlyList<Choice> choices, ListStyle style, IReadOnlyList<string>? to)
    {
        prompt ??= new Activity { Type = ActivityTypes.Message };
        var text = prompt.Text;
        var rendered = style switch
        {
            ListStyle.None => Message(text),
            ListStyle.Inline => Inline(choices, text),
            ListStyle.List => List(choices, text),
            ListStyle.SuggestedAction => SuggestedAction(choices, text, to),
            ListStyle.HeroCard => HeroCard(choices, text),
            _ => ForChannel(channelId, choices, text, to),
        };
        return prompt with
        {
            Type = prompt.Type ?? ActivityTypes.Message,
            Text = rendered.Text,
            SuggestedActions = rendered.SuggestedActions ?? prompt.SuggestedActions,
            Attachments = rendered.Attachments is { } added ? [.. prompt.Attachments ?? [], .. added] : prompt.Attachments,
            InputHint = prompt.InputHint ?? InputHints.ExpectingInput,
        };
    }

    public static IReadOnlyList<CardAction> ToActions(IReadOnlyList<Choice> choices) =>
        [.. choices.Select(choice => choice.Action ?? CardAction.ImBack(choice.Value))];

    private static Activity Message(string? text) =>
        new() { Type = ActivityTypes.Message, Text = text, InputHint = InputHints.ExpectingInput };
}
