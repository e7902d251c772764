using System.Text.Json;
using IessBot.BotFramework.Schema;
using IessBot.Dialogs;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Prompts;
using IessBot.Dialogs.Testing;

namespace IessBot.Tests.Dialogs;

public sealed class ChoiceRenderingTests
{
    private static readonly IReadOnlyList<Choice> Short = ChoiceFactory.ToChoices("Queja", "Denuncia", "Ayuda");

    private static ComponentDialog AskOnce(IReadOnlyList<Choice> choices, ListStyle? style = null, Activity? prompt = null)
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog<object>("ask",
        [
            (step, ct) => step.PromptAsync("choice", new PromptOptions
            {
                Prompt = prompt ?? MessageFactory.Text("Elija:"),
                Choices = choices,
                Style = style,
            }, ct),
        ]));
        root.AddDialog(new ChoicePrompt("choice"));
        return root;
    }

    [Theory]
    [InlineData(Channels.Webchat)]
    [InlineData(Channels.DirectLine)]
    [InlineData(Channels.Emulator)]
    [InlineData(Channels.Test)]
    [InlineData(Channels.WhatsApp)]
    public async Task Auto_uses_suggested_actions_addressed_to_the_user_with_imBack_value_equal_to_title(string channelId)
    {
        var client = new DialogTestClient(channelId, AskOnce(Short));

        var reply = (await client.SendActivityAsync("hola"))!;

        Assert.Equal("Elija:", reply.Text);
        Assert.Equal(["user1"], reply.SuggestedActions!.To);
        Assert.All(reply.SuggestedActions.Actions, action =>
        {
            Assert.Equal(ActionTypes.ImBack, action.Type);
            Assert.Equal(JsonValueKind.String, action.Value!.Value.ValueKind);
            Assert.Equal(action.Title, action.Value.Value.GetString());
        });
        Assert.Equal(["Queja", "Denuncia", "Ayuda"], reply.SuggestedActions.Actions.Select(a => a.Title));
    }

    [Fact]
    public async Task Auto_falls_back_to_a_numbered_list_when_a_title_is_longer_than_twenty_characters()
    {
        var choices = ChoiceFactory.ToChoices("Maltrato del personal", "Otro");
        var client = new DialogTestClient(Channels.Webchat, AskOnce(choices));

        var reply = (await client.SendActivityAsync("hola"))!;

        Assert.Equal("Elija:\n\n   1. Maltrato del personal\n   2. Otro", reply.Text);
        Assert.Null(reply.SuggestedActions);
        Assert.Equal(InputHints.ExpectingInput, reply.InputHint);
    }

    [Fact]
    public void Auto_respects_the_channel_limit_of_suggested_actions()
    {
        var ten = ChoiceFactory.ToChoices(Enumerable.Range(1, 10).Select(i => $"Opción {i}"));
        var eleven = ChoiceFactory.ToChoices(Enumerable.Range(1, 11).Select(i => $"Opción {i}"));

        Assert.NotNull(ChoiceFactory.ForChannel(Channels.WhatsApp, ten, "Elija:").SuggestedActions);
        Assert.Null(ChoiceFactory.ForChannel(Channels.WhatsApp, eleven, "Elija:").SuggestedActions);
        Assert.NotNull(ChoiceFactory.ForChannel(Channels.Webchat, eleven, "Elija:").SuggestedActions);
        Assert.StartsWith("Elija:\n\n   1. Queja\n", ChoiceFactory.ForChannel("sms", Short, "Elija:").Text);
        Assert.Null(ChoiceFactory.ForChannel(null, Short, "Elija:").SuggestedActions);
    }

    [Fact]
    public void Inline_uses_Spanish_separators()
    {
        Assert.Equal("Elija: (1) Queja, (2) Denuncia o (3) Ayuda", ChoiceFactory.Inline(Short, "Elija:").Text);
        Assert.Equal("¿Continuar? (1) Sí o (2) No", ChoiceFactory.Inline(ConfirmPrompt.DefaultChoices, "¿Continuar?").Text);
        Assert.Equal("Queja, Denuncia o Ayuda", ChoiceFactory.Inline(Short, null, includeNumbers: false).Text);
    }

    [Fact]
    public void List_without_numbers_uses_bullets()
    {
        Assert.Equal("Elija:\n\n   - Queja\n   - Denuncia\n   - Ayuda", ChoiceFactory.List(Short, "Elija:", includeNumbers: false).Text);
    }

    [Fact]
    public async Task Hero_card_carries_the_question_and_one_imBack_button_per_choice()
    {
        var client = new DialogTestClient(Channels.Webchat, AskOnce(Short, ListStyle.HeroCard));

        var reply = (await client.SendActivityAsync("hola"))!;

        var card = Assert.Single(reply.Attachments!);
        Assert.Equal(ChoiceFactory.HeroCardContentType, card.ContentType);
        Assert.Equal("Elija:", card.Content!.Value.GetProperty("text").GetString());
        var buttons = card.Content.Value.GetProperty("buttons").EnumerateArray().ToList();
        Assert.Equal(["Queja", "Denuncia", "Ayuda"], buttons.Select(b => b.GetProperty("value").GetString()));
        Assert.All(buttons, b => Assert.Equal("imBack", b.GetProperty("type").GetString()));
        Assert.Null(reply.Text);
    }

    [Fact]
    public async Task Style_none_sends_only_the_text_and_keeps_the_prompts_speak_and_attachments()
    {
        var logo = new Attachment { ContentType = "image/png", ContentUrl = "https://example.test/logo.png" };
        var prompt = MessageFactory.Text("Elija:", speak: "Elija una opción") with { Attachments = [logo] };
        var client = new DialogTestClient(Channels.Webchat, AskOnce(Short, ListStyle.None, prompt));

        var reply = (await client.SendActivityAsync("hola"))!;

        Assert.Equal(("Elija:", "Elija una opción"), (reply.Text, reply.Speak));
        Assert.Null(reply.SuggestedActions);
        Assert.Equal(logo, Assert.Single(reply.Attachments!));
    }

    [Fact]
    public async Task Explicit_list_style_wins_over_the_channel_default()
    {
        var client = new DialogTestClient(Channels.Webchat, AskOnce(Short, ListStyle.List));

        var reply = (await client.SendActivityAsync("hola"))!;

        Assert.Equal("Elija:\n\n   1. Queja\n   2. Denuncia\n   3. Ayuda", reply.Text);
    }

    [Fact]
    public void A_choice_with_its_own_action_shows_that_action_and_is_recognised_by_its_title()
    {
        IReadOnlyList<Choice> choices = [new("otro") { Action = CardAction.ImBack("Otro motivo") }];

        var rendered = ChoiceFactory.SuggestedAction(choices, "Elija:");

        Assert.Equal("Otro motivo", Assert.Single(rendered.SuggestedActions!.Actions).Title);
        Assert.Equal(0, ChoiceRecognizer.Recognize("otro motivo", choices)?.Index);
    }
}
