using IessBot.BotFramework.Schema;
using IessBot.Dialogs;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Testing;
using IessBot.Tests.Dialogs.Samples;
using Texts = IessBot.Tests.Dialogs.Samples.ProfileDialog.Texts;

namespace IessBot.Tests.Dialogs;

public sealed class WaterfallPromptTests
{
    [Fact]
    public async Task Text_choice_confirm_waterfall_produces_the_replies_and_completes_with_its_typed_state()
    {
        var client = new DialogTestClient(Channels.Test, new ProfileDialog());

        var reply = await client.SendActivityAsync("hola");
        Assert.Equal(Texts.AskName, reply?.Text);
        Assert.Null(client.GetNextReply());
        Assert.Equal(DialogTurnStatus.Waiting, client.DialogTurnResult?.Status);

        reply = await client.SendActivityAsync("Ana");
        Assert.Equal(Texts.AskTopic, reply?.Text);
        Assert.Equal(["Registrar queja", "Registrar denuncia", "Consultar mi caso"], reply!.SuggestedActions!.Actions.Select(a => a.Title));

        reply = await client.SendActivityAsync("denuncia");
        Assert.Equal(Texts.AskConfirm, reply?.Text);
        Assert.Equal(["Sí", "No"], reply!.SuggestedActions!.Actions.Select(a => a.Title));

        reply = await client.SendActivityAsync("sí");
        Assert.Equal(Texts.Done, reply?.Text);
        Assert.Equal(DialogTurnStatus.Complete, client.DialogTurnResult?.Status);
        var state = Assert.IsType<ProfileState>(client.DialogTurnResult?.Result);
        Assert.Equal(("Ana", "Registrar denuncia", 1, true), (state.Name, state.Topic, state.TopicIndex, state.Confirmed));
    }

    [Fact]
    public async Task Prompts_are_marked_expecting_input()
    {
        var client = new DialogTestClient(Channels.Test, new ProfileDialog());

        var name = await client.SendActivityAsync("hola");
        var topic = await client.SendActivityAsync("Ana");
        var confirm = await client.SendActivityAsync("1");

        Assert.All([name, topic, confirm], prompt => Assert.Equal(InputHints.ExpectingInput, prompt?.InputHint));
    }

    [Fact]
    public async Task Unrecognised_choice_sends_the_retry_prompt_with_the_choices_and_keeps_waiting()
    {
        var client = new DialogTestClient(Channels.Test, new ProfileDialog());
        await client.SendActivityAsync("hola");
        await client.SendActivityAsync("Ana");

        var reply = await client.SendActivityAsync("registrar");

        Assert.Equal(Texts.RetryTopic, reply?.Text);
        Assert.Equal(3, reply!.SuggestedActions!.Actions.Count);
        Assert.Equal(DialogTurnStatus.Waiting, client.DialogTurnResult?.Status);
        Assert.Equal(Texts.AskConfirm, (await client.SendActivityAsync("opción 2"))?.Text);
    }

    [Fact]
    public async Task Rejected_answer_without_a_validator_message_gets_the_retry_prompt()
    {
        var client = new DialogTestClient(Channels.Test, new ProfileDialog());
        await client.SendActivityAsync("hola");

        var reply = await client.SendActivityAsync("  ");

        Assert.Equal(Texts.RetryName, reply?.Text);
        Assert.Null(client.GetNextReply());
    }

    [Fact]
    public async Task Validator_that_sends_its_own_message_suppresses_the_retry_prompt()
    {
        var client = new DialogTestClient(Channels.Test, new ProfileDialog());
        await client.SendActivityAsync("hola");

        var reply = await client.SendActivityAsync("A");

        Assert.Equal(Texts.NameTooShort, reply?.Text);
        Assert.Null(client.GetNextReply());
        Assert.Equal(Texts.AskTopic, (await client.SendActivityAsync("Ana"))?.Text);
    }

    [Fact]
    public async Task Prompt_gives_up_after_its_last_attempt_without_a_retry_and_the_step_answers_politely()
    {
        var client = new DialogTestClient(Channels.Test, new ProfileDialog(maxNameAttempts: 2));
        await client.SendActivityAsync("hola");

        Assert.Equal(Texts.RetryName, (await client.SendActivityAsync(""))?.Text);
        var reply = await client.SendActivityAsync("");

        Assert.Equal(Texts.GaveUp, reply?.Text);
        Assert.Null(client.GetNextReply());
        Assert.Equal(DialogTurnStatus.Complete, client.DialogTurnResult?.Status);
        Assert.Equal(Texts.AskName, (await client.SendActivityAsync("hola"))?.Text);
    }

    [Fact]
    public async Task Non_message_activities_do_not_answer_a_prompt()
    {
        var client = new DialogTestClient(Channels.Test, new ProfileDialog());
        await client.SendActivityAsync("hola");

        var reply = await client.SendActivityAsync(new Activity { Type = ActivityTypes.Typing });

        Assert.Null(reply);
        Assert.Equal(DialogTurnStatus.Waiting, client.DialogTurnResult?.Status);
        Assert.Equal(Texts.AskTopic, (await client.SendActivityAsync("Ana"))?.Text);
    }

    [Fact]
    public async Task Confirm_prompt_accepts_numbers_and_retries_on_unknown_words()
    {
        var client = new DialogTestClient(Channels.Test, new ProfileDialog());
        await client.SendActivityAsync("hola");
        await client.SendActivityAsync("Ana");
        await client.SendActivityAsync("queja");

        var retry = await client.SendActivityAsync("tal vez");
        var done = await client.SendActivityAsync("2");

        Assert.Equal(Texts.AskConfirm, retry?.Text);
        Assert.Equal(["Sí", "No"], retry!.SuggestedActions!.Actions.Select(a => a.Title));
        Assert.Equal(Texts.Done, done?.Text);
        Assert.False(Assert.IsType<ProfileState>(client.DialogTurnResult?.Result).Confirmed);
    }
}
