using IessBot.BotFramework.Schema;
using IessBot.Dialogs.Choices;
using IessBot.WhatsApp;

namespace IessBot.Tests.WhatsApp;

/// <summary>Activity → WhatsApp messages (reference/whatsapp.md §7.1, §7.3, §5.10).</summary>
public sealed class OutboundRenderingTests
{
    private static Activity Text(string text) => new() { Type = ActivityTypes.Message, Text = text };

    private static Activity WithChoices(string text, params string[] titles) =>
        ChoiceFactory.SuggestedAction(ChoiceFactory.ToChoices(titles), text);

    [Theory]
    [InlineData("Su **queja** fue registrada", "Su *queja* fue registrada")]
    [InlineData("toque *Omitir* para seguir", "toque _Omitir_ para seguir")]
    [InlineData("__importante__ y ~~tachado~~", "*importante* y ~tachado~")]
    [InlineData("Visite [IESS](https://www.iess.gob.ec) hoy", "Visite IESS: https://www.iess.gob.ec hoy")]
    [InlineData("[https://www.iess.gob.ec](https://www.iess.gob.ec)", "https://www.iess.gob.ec")]
    [InlineData("# Resumen\nDatos", "*Resumen*\nDatos")]
    [InlineData("<b>Hola</b> &amp; adiós", "Hola & adiós")]
    [InlineData("2 * 3 = 6", "2 * 3 = 6")]
    public void Markdown_becomes_WhatsApp_formatting(string markdown, string expected) =>
        Assert.Equal(expected, WhatsAppText.FromMarkdown(markdown));

    [Fact]
    public void A_text_at_the_limit_is_one_message_and_one_more_character_splits_it()
    {
        var exact = new string('a', WhatsAppText.MaxTextLength);
        var over = "Primera parte. " + new string('b', WhatsAppText.MaxTextLength);

        Assert.Single(WhatsAppText.Split(exact));
        var pieces = WhatsAppText.Split(over);
        Assert.Equal(2, pieces.Count);
        Assert.All(pieces, p => Assert.True(p.Length <= WhatsAppText.MaxTextLength));
        Assert.Equal(over.Replace(" ", "", StringComparison.Ordinal), string.Concat(pieces).Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Splitting_text_made_only_of_emoji_never_breaks_a_surrogate_pair()
    {
        var emoji = string.Concat(Enumerable.Repeat("😟", 3000));

        var pieces = WhatsAppText.Split(emoji);

        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.False(char.IsHighSurrogate(p[^1]) || char.IsLowSurrogate(p[0])));
        Assert.Equal(emoji, string.Concat(pieces));
    }

    [Fact]
    public void Consecutive_texts_of_a_turn_are_merged_and_the_question_travels_in_the_buttons()
    {
        var messages = OutboundRenderer.Render([Text("Uno."), Text("Dos."), WithChoices("¿Sigue?", "Sí", "No")]);

        var message = Assert.Single(messages);
        Assert.Equal("button", message.Content["interactive"]!["type"]!.GetValue<string>());
        Assert.Equal("Uno.\n\nDos.\n\n¿Sigue?", message.Content["interactive"]!["body"]!["text"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(1, 20, "button")]
    [InlineData(3, 20, "button")]
    [InlineData(3, 21, "list")]
    [InlineData(4, 10, "list")]
    [InlineData(10, 24, "list")]
    [InlineData(10, 60, "list")]
    [InlineData(11, 10, "text")]
    [InlineData(24, 10, "text")]
    public void Choices_become_buttons_a_list_or_a_numbered_text(int count, int titleLength, string expected)
    {
        var titles = Enumerable.Range(1, count).Select(i => $"{i:D2} Opción" + new string('x', titleLength - 9)).ToArray();

        var message = Assert.Single(OutboundRenderer.Render([WithChoices("Elija:", titles)]));

        var kind = message.IsInteractive ? message.Content["interactive"]!["type"]!.GetValue<string>() : "text";
        Assert.Equal(expected, kind);
        if (expected == "text")
        {
            Assert.Contains($"{count}. {titles[^1]}", message.Content["text"]!["body"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        if (expected == "list")
        {
            var rows = message.Content["interactive"]!["action"]!["sections"]![0]!["rows"]!.AsArray();
            Assert.All(rows, r => Assert.True(r!["title"]!.GetValue<string>().Length <= 24));
            // The tap comes back with the full value as id, so the prompt recognises it as if typed.
            Assert.Equal(titles, rows.Select(r => r!["id"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void Titles_that_clash_once_shortened_fall_back_to_a_numbered_text()
    {
        var message = Assert.Single(OutboundRenderer.Render([WithChoices("Elija:", "Opción muy larga número uno A", "Opción muy larga número uno B", "Otra cosa", "Y otra más")]));

        Assert.False(message.IsInteractive);
    }

    [Fact]
    public void A_button_question_over_1024_characters_goes_first_as_text()
    {
        var question = new string('a', 1500);

        var messages = OutboundRenderer.Render([WithChoices(question, "Confirmar", "Corregir", "Cancelar")]);

        Assert.Equal(2, messages.Count);
        Assert.Equal(question, messages[0].Content["text"]!["body"]!.GetValue<string>());
        Assert.Equal(WhatsAppTexts.ChooseOption, messages[1].Content["interactive"]!["body"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_hero_card_becomes_its_text_with_reply_buttons()
    {
        var card = ChoiceFactory.HeroCard(ChoiceFactory.ToChoices("Sí", "No"), "¿Confirma?");

        var message = Assert.Single(OutboundRenderer.Render([card]));

        Assert.Equal("button", message.Content["interactive"]!["type"]!.GetValue<string>());
        Assert.Equal("¿Confirma?", message.Content["interactive"]!["body"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Typing_and_trace_activities_send_nothing()
    {
        Assert.Empty(OutboundRenderer.Render([new Activity { Type = ActivityTypes.Typing }, new Activity { Type = ActivityTypes.Trace, Text = "x" }]));
    }

    [Fact]
    public void The_recipient_always_gets_a_plus_and_a_BSUID_goes_in_recipient()
    {
        var content = OutboundMessage.Text("hola").Content;

        var byPhone = WhatsAppSender.Addressed(new WhatsAppRecipient("US.123", "12025550143"), content);
        var byBsuid = WhatsAppSender.Addressed(new WhatsAppRecipient("US.123", null), content);

        Assert.Equal("+12025550143", byPhone["to"]!.GetValue<string>());
        Assert.Null(byPhone["recipient"]);
        Assert.Equal("US.123", byBsuid["recipient"]!.GetValue<string>());
        Assert.Null(byBsuid["to"]);
    }

    [Theory]
    [InlineData(429, null, GraphErrorKind.Transient)]
    [InlineData(500, null, GraphErrorKind.Transient)]
    [InlineData(400, 130429L, GraphErrorKind.Transient)]
    [InlineData(400, 100L, GraphErrorKind.InvalidMessage)]
    [InlineData(400, 131047L, GraphErrorKind.WindowClosed)]
    [InlineData(401, 190L, GraphErrorKind.Permanent)]
    [InlineData(500, 190L, GraphErrorKind.Permanent)]
    [InlineData(400, 131026L, GraphErrorKind.Permanent)]
    public void Errors_are_classified_by_their_code_before_their_status(int status, long? code, GraphErrorKind expected) =>
        Assert.Equal(expected, GraphApiClient.Classify(status, code));
}
