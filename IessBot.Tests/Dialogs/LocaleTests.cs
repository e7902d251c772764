using IessBot.BotFramework.Schema;
using IessBot.Dialogs;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Testing;
using IessBot.Tests.Dialogs.Samples;
using Texts = IessBot.Tests.Dialogs.Samples.ProfileDialog.Texts;

namespace IessBot.Tests.Dialogs;

public sealed class LocaleTests
{
    [Theory]
    [InlineData("es-EC")]
    [InlineData("es-419")]
    [InlineData("es")]
    [InlineData("en")]
    [InlineData("en-GB")]
    [InlineData("de")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Choice_and_confirm_prompts_work_in_Spanish_for_any_locale(string? locale)
    {
        var client = new DialogTestClient(Channels.Webchat, new ProfileDialog()) { Locale = locale };
        await client.SendActivityAsync("hola");
        await client.SendActivityAsync("Ana");
        await client.SendActivityAsync("la segunda");

        var confirm = client.DialogTurnResult;
        var done = await client.SendActivityAsync("Sí");

        Assert.Equal(DialogTurnStatus.Waiting, confirm?.Status);
        Assert.Equal(Texts.Done, done?.Text);
        var state = Assert.IsType<ProfileState>(client.DialogTurnResult?.Result);
        Assert.Equal(("Registrar denuncia", true), (state.Topic, state.Confirmed));
    }

    [Fact]
    public async Task Confirm_prompt_shows_Si_and_No_with_Spanish_inline_separators_on_a_channel_without_buttons()
    {
        var client = new DialogTestClient("sms", new ProfileDialog()) { Locale = "en-US" };
        await client.SendActivityAsync("hola");
        var topics = await client.SendActivityAsync("Ana");

        var confirm = await client.SendActivityAsync("3");

        Assert.Equal($"{Texts.AskTopic}\n\n   1. Registrar queja\n   2. Registrar denuncia\n   3. Consultar mi caso", topics?.Text);
        Assert.Equal($"{Texts.AskConfirm}\n\n   1. Sí\n   2. No", confirm?.Text);
        Assert.Equal("¿Confirma? (1) Sí o (2) No", ChoiceFactory.Inline(IessBot.Dialogs.Prompts.ConfirmPrompt.DefaultChoices, "¿Confirma?").Text);
    }
}
