using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Dialogs;
using IessBot.Dialogs.Testing;
using IessBot.Tests.Dialogs.Samples;
using Texts = IessBot.Tests.Dialogs.Samples.MenuWithCommandsDialog.Texts;

namespace IessBot.Tests.Dialogs;

public sealed class InterruptionTests
{
    private static async Task<DialogTestClient> AtDescriptionAsync()
    {
        var client = new DialogTestClient(Channels.Webchat, new MenuWithCommandsDialog());
        Assert.Equal(Texts.Menu, (await client.SendActivityAsync("hola"))?.Text);
        Assert.Equal(Texts.AskDescription, (await client.SendActivityAsync("1"))?.Text);
        return client;
    }

    [Theory]
    [InlineData("cancelar")]
    [InlineData("Cancelar.")]
    [InlineData("  CANCELAR ")]
    public async Task Cancel_sends_a_notice_and_empties_the_stack(string command)
    {
        var client = await AtDescriptionAsync();

        var reply = await client.SendActivityAsync(command);

        Assert.Equal(Texts.Cancelled, reply?.Text);
        Assert.Null(client.GetNextReply());
        Assert.Equal(DialogTurnStatus.Cancelled, client.DialogTurnResult?.Status);
        var stack = JsonNode.Parse(client.StateJson)!["DialogState"]!["dialogStack"]!.AsArray();
        Assert.Empty(stack);
        Assert.Equal(Texts.Menu, (await client.SendActivityAsync("hola"))?.Text);
    }

    [Theory]
    [InlineData("ayuda")]
    [InlineData("¿Ayuda?")]
    public async Task Help_answers_without_resending_the_prompt_and_the_next_message_answers_it(string command)
    {
        var client = await AtDescriptionAsync();

        var reply = await client.SendActivityAsync(command);

        Assert.Equal(Texts.Help, reply?.Text);
        Assert.Null(client.GetNextReply());
        Assert.Equal(DialogTurnStatus.Waiting, client.DialogTurnResult?.Status);
        Assert.Equal(Texts.AskConfirm, (await client.SendActivityAsync("Me atendieron tarde"))?.Text);
        Assert.Equal(Texts.Sent, (await client.SendActivityAsync("sí"))?.Text);
        var state = Assert.IsType<MenuState>(client.DialogTurnResult?.Result);
        Assert.Equal(("Registrar queja", "Me atendieron tarde"), (state.Option, state.Description));
    }

    [Fact]
    public async Task Help_does_not_count_as_an_attempt_at_the_pending_prompt()
    {
        var client = new DialogTestClient(Channels.Webchat, new MenuWithCommandsDialog());
        await client.SendActivityAsync("hola");

        await client.SendActivityAsync("ayuda");

        var attemptCount = JsonNode.Parse(client.StateJson)!["DialogState"]!["dialogStack"]![0]!["state"]!["dialogs"]!
            ["dialogStack"]![0]!["state"]!["state"]!["attemptCount"]!.GetValue<int>();
        Assert.Equal(0, attemptCount);
    }

    [Theory]
    [InlineData("menú")]
    [InlineData("Menu")]
    [InlineData("MENÚ.")]
    public async Task Menu_cancels_the_filing_and_shows_the_menu_again(string command)
    {
        var client = await AtDescriptionAsync();

        var reply = await client.SendActivityAsync(command);

        Assert.Equal(Texts.Menu, reply?.Text);
        Assert.NotNull(reply?.SuggestedActions);
        Assert.Equal(DialogTurnStatus.Waiting, client.DialogTurnResult?.Status);
        Assert.Equal(Texts.AskDescription, (await client.SendActivityAsync("consultar"))?.Text);
    }

    [Fact]
    public async Task A_command_inside_a_longer_sentence_is_an_ordinary_answer()
    {
        var client = await AtDescriptionAsync();

        var reply = await client.SendActivityAsync("Pedí ayuda y no me atendieron");

        Assert.Equal(Texts.AskConfirm, reply?.Text);
    }
}
