using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Dialogs.Choices;

namespace IessBot.WhatsApp;

/// <summary>
/// One WhatsApp message to send: the type-specific part of a Cloud API body (<c>type</c> and its object; the sender
/// adds the recipient), and the plain text to fall back to if Meta refuses an interactive shape (reference §5.12, code 100).
/// </summary>
internal sealed record OutboundMessage(JsonObject Content, string? FallbackText)
{
    public static OutboundMessage Text(string body) =>
        new(new JsonObject { ["type"] = "text", ["text"] = new JsonObject { ["body"] = body, ["preview_url"] = false } }, null);

    public bool IsInteractive => Content["type"]?.GetValue<string>() == "interactive";
}

/// <summary>
/// A turn's reply activities → WhatsApp messages (reference/whatsapp.md §7.3, §5.10): consecutive texts merged,
/// Markdown converted, long texts split, suggested actions as reply buttons (≤ 3, titles ≤ 20) or a list (≤ 10 rows,
/// titles ≤ 24 with the full label as description), a numbered text menu beyond that; the question travels in the
/// interactive message's body whenever it fits.
/// </summary>
internal static class OutboundRenderer
{
    private const int MaxButtons = 3;
    private const int MaxButtonTitle = 20;
    private const int MaxButtonId = 256;
    private const int MaxRows = 10;
    private const int MaxRowTitle = 24;
    private const int MaxRowId = 200;
    private const int MaxRowDescription = 72;

    public static IReadOnlyList<OutboundMessage> Render(IReadOnlyList<Activity> replies)
    {
        var messages = new List<OutboundMessage>();
        var pending = new StringBuilder();
        foreach (var reply in replies)
        {
            // typing, event, trace, endOfConversation…: nothing to show on WhatsApp (§7.3).
            if (reply.Type != ActivityTypes.Message)
            {
                continue;
            }
            var text = WhatsAppText.FromMarkdown(reply.Text is { Length: > 0 } ? reply.Text : HeroCardText(reply));
            var choices = Choices(reply);
            if (choices.Count == 0)
            {
                Append(messages, pending, text);
                continue;
            }
            var question = Join(pending.ToString(), text);
            pending.Clear();
            RenderChoices(messages, question, choices);
        }
        Flush(messages, pending);
        return messages;
    }

    private static void Append(List<OutboundMessage> messages, StringBuilder pending, string text)
    {
        if (text.Length == 0)
        {
            return;
        }
        if (pending.Length > 0 && pending.Length + 2 + text.Length > WhatsAppText.MaxTextLength)
        {
            Flush(messages, pending);
        }
        pending.Append(pending.Length > 0 ? "\n\n" : "").Append(text);
    }

    private static void Flush(List<OutboundMessage> messages, StringBuilder pending)
    {
        if (pending.Length > 0)
        {
            messages.AddRange(WhatsAppText.Split(pending.ToString()).Select(OutboundMessage.Text));
            pending.Clear();
        }
    }

    private static void RenderChoices(List<OutboundMessage> messages, string question, IReadOnlyList<(string Id, string Title)> choices)
    {
        var distinctTitles = choices.Select(c => c.Title).Distinct(StringComparer.Ordinal).Count() == choices.Count;
        if (distinctTitles && choices.Count <= MaxButtons && choices.All(c => c.Title.Length <= MaxButtonTitle && c.Id.Length <= MaxButtonId))
        {
            var body = BodyWithin(messages, question, WhatsAppText.MaxButtonBodyLength);
            messages.Add(new OutboundMessage(Buttons(body, choices), Numbered(body, choices)));
            return;
        }
        var rows = choices.Select(c => (c.Id, Title: WhatsAppText.Shorten(c.Title, MaxRowTitle), Full: c.Title)).ToList();
        if (choices.Count <= MaxRows && rows.Select(r => r.Title).Distinct(StringComparer.Ordinal).Count() == rows.Count
            && rows.All(r => r.Id.Length <= MaxRowId && r.Full.Length <= MaxRowDescription))
        {
            var body = BodyWithin(messages, question, WhatsAppText.MaxTextLength);
            messages.Add(new OutboundMessage(List(body, rows), Numbered(body, choices)));
            return;
        }
        // Beyond what a list holds: a numbered text menu; the prompt recognises typed numbers and titles (§7.4 option 5).
        messages.AddRange(WhatsAppText.Split(Numbered(question, choices)).Select(OutboundMessage.Text));
    }

    /// <summary>The question as the interactive body when it fits; otherwise it goes first as text and the body is short (§7.3).</summary>
    private static string BodyWithin(List<OutboundMessage> messages, string question, int maxLength)
    {
        if (question.Length == 0)
        {
            return WhatsAppTexts.ChooseOption;
        }
        if (question.Length <= maxLength)
        {
            return question;
        }
        messages.AddRange(WhatsAppText.Split(question).Select(OutboundMessage.Text));
        return WhatsAppTexts.ChooseOption;
    }

    private static JsonObject Buttons(string body, IReadOnlyList<(string Id, string Title)> choices) => new()
    {
        ["type"] = "interactive",
        ["interactive"] = new JsonObject
        {
            ["type"] = "button",
            ["body"] = new JsonObject { ["text"] = body },
            ["action"] = new JsonObject
            {
                ["buttons"] = new JsonArray([.. choices.Select(c => (JsonNode)new JsonObject
                {
                    ["type"] = "reply",
                    ["reply"] = new JsonObject { ["id"] = c.Id, ["title"] = c.Title },
                })]),
            },
        },
    };

    private static JsonObject List(string body, IReadOnlyList<(string Id, string Title, string Full)> rows) => new()
    {
        ["type"] = "interactive",
        ["interactive"] = new JsonObject
        {
            ["type"] = "list",
            ["body"] = new JsonObject { ["text"] = body },
            ["action"] = new JsonObject
            {
                ["button"] = WhatsAppTexts.ListButton,
                ["sections"] = new JsonArray(new JsonObject
                {
                    ["title"] = WhatsAppTexts.ListSection,
                    ["rows"] = new JsonArray([.. rows.Select(r => (JsonNode)Row(r.Id, r.Title, r.Full))]),
                }),
            },
        },
    };

    private static JsonObject Row(string id, string title, string full)
    {
        var row = new JsonObject { ["id"] = id, ["title"] = title };
        if (title != full)
        {
            row["description"] = full;
        }
        return row;
    }

    private static string Numbered(string question, IReadOnlyList<(string Id, string Title)> choices) =>
        Join(question, string.Join('\n', choices.Select((c, i) => $"{i + 1}. {c.Title}")));

    /// <summary>Reply actions with the id the tap comes back with: the action's string value when it fits, else its title (§7.3).</summary>
    private static List<(string Id, string Title)> Choices(Activity reply)
    {
        var actions = reply.SuggestedActions?.Actions ?? HeroCardButtons(reply);
        var choices = new List<(string Id, string Title)>();
        foreach (var action in actions.Where(a => a.Type is ActionTypes.ImBack or ActionTypes.PostBack or ActionTypes.MessageBack))
        {
            var title = action.Title ?? (action.Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null) ?? "";
            var value = action.Value is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;
            var id = value is { Length: > 0 and <= MaxRowId } ? value : title;
            if (title.Length > 0)
            {
                choices.Add((id, title));
            }
        }
        return choices;
    }

    private static IReadOnlyList<CardAction> HeroCardButtons(Activity reply)
    {
        var card = reply.Attachments?.FirstOrDefault(a => a.ContentType == ChoiceFactory.HeroCardContentType)?.Content;
        return card is { ValueKind: JsonValueKind.Object } c && c.TryGetProperty("buttons", out var buttons)
            ? buttons.Deserialize<List<CardAction>>(BotJson.Options) ?? []
            : [];
    }

    /// <summary>A hero card is shown as its text with its buttons (Adaptive Cards and images are not rendered, §7.3).</summary>
    private static string? HeroCardText(Activity reply) =>
        reply.Attachments?.FirstOrDefault(a => a.ContentType == ChoiceFactory.HeroCardContentType)?.Content is { ValueKind: JsonValueKind.Object } card
            && card.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()
            : null;

    private static string Join(string first, string second) =>
        first.Length == 0 ? second : second.Length == 0 ? first : first + "\n\n" + second;
}
