using IessBot.Filing.Dialogs;
using IessBot.Filing.Texts;

namespace IessBot.Tests.Filing.Conversation;

/// <summary>*cancelar*, *ayuda* and *menú* work at every step (DESIGN.md), whatever accents or case.</summary>
public sealed class InterruptionTests : IDisposable
{
    private readonly FilingHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData("cancelar")]
    [InlineData("CANCELAR")]
    [InlineData(" Cancelar. ")]
    public async Task Cancel_mid_filing_stores_nothing_says_so_and_shows_the_menu(string command)
    {
        await _harness.WalkToAsync(At.Description);

        var replies = await _harness.SayAsync(command);

        Assert.Equal([MenuTexts.Cancelled, MenuTexts.MenuPrompt], replies.Select(reply => reply.Text));
        Assert.Equal(MenuTexts.MenuOptions, FilingHarness.Buttons(replies));
        Assert.Empty(await _harness.Storage.Cases.FindByCedulaAsync(FilingHarness.Cedula, default));
        Assert.DoesNotContain(FilingHarness.Cedula, _harness.Client.StateJson);
        Assert.DoesNotContain(FilingHarness.Email, _harness.Client.StateJson);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cancel_after_uploading_a_file_deletes_the_file(bool atSummary)
    {
        await _harness.WalkToAsync(At.Evidence);
        await _harness.SendFilesAsync(("foto.png", "image/png", FilingHarness.Png(1000)));
        var evidenceId = EvidenceIdIn(_harness.Client.StateJson);
        Assert.NotNull(await _harness.Storage.Evidence.OpenReadAsync(evidenceId, default));
        if (atSummary)
        {
            await _harness.SayAsync("Listo");
        }

        await _harness.SayAsync(atSummary ? "Cancelar" : "cancelar");

        Assert.Null(await _harness.Storage.Evidence.OpenReadAsync(evidenceId, default));
    }

    internal static string EvidenceIdIn(string stateJson) =>
        System.Text.RegularExpressions.Regex.Match(stateJson, "\"evidenceId\":\"([0-9a-f]+)\"").Groups[1].Value;

    [Fact]
    public async Task Cancel_at_the_summary_stores_nothing()
    {
        await _harness.WalkToAsync(At.Summary);

        var replies = await _harness.SayAsync("Cancelar");

        Assert.Equal([MenuTexts.Cancelled, MenuTexts.MenuPrompt], replies.Select(reply => reply.Text));
        Assert.Empty(await _harness.Storage.Cases.FindByCedulaAsync(FilingHarness.Cedula, default));
    }

    [Theory]
    [InlineData(At.Cedula, PromptIds.Cedula)]
    [InlineData(At.Province, PromptIds.Province)]
    [InlineData(At.Canton, PromptIds.Canton)]
    [InlineData(At.Description, PromptIds.Description)]
    [InlineData(At.Evidence, PromptIds.Evidence)]
    public async Task Help_explains_the_current_step_then_the_same_question_keeps_waiting(At step, string promptId)
    {
        var question = (await _harness.WalkToAsync(step))[^1];

        var replies = await _harness.SayAsync("Ayuda");

        Assert.Equal(HelpTexts.For(promptId), replies[0].Text);
        Assert.Equal(question.Text, replies[^1].Text);
        Assert.Equal(FilingHarness.Buttons([question]), FilingHarness.Buttons(replies));
        var next = await _harness.SayAsync(FilingScript.AnswerTo(step, global::IessBot.Cases.CaseType.Queja));
        Assert.NotEqual(question.Text, next[^1].Text);
    }

    [Fact]
    public async Task Help_does_not_use_up_an_attempt()
    {
        await _harness.WalkToAsync(At.Cedula);
        for (var attempt = 1; attempt < 5; attempt++)
        {
            await _harness.SayAsync("123");
        }

        await _harness.SayAsync("ayuda");
        var replies = await _harness.SayAsync(FilingHarness.Cedula);

        Assert.Equal(FilingTexts.PhonePrompt, Assert.Single(replies).Text);
    }

    [Fact]
    public async Task Help_at_the_menu_gives_the_general_help_and_the_menu_again()
    {
        await _harness.JoinAsync();

        var replies = await _harness.SayAsync("ayuda");

        Assert.Equal(MenuTexts.Help, replies[0].Text);
        Assert.Equal(MenuTexts.MenuOptions, FilingHarness.Buttons(replies));
    }

    [Theory]
    [InlineData("menú")]
    [InlineData("Menu")]
    [InlineData("MENÚ")]
    public async Task Menu_mid_filing_goes_back_to_the_menu_and_forgets_the_filing(string command)
    {
        await _harness.WalkToAsync(At.Email);

        var replies = await _harness.SayAsync(command);

        Assert.Equal([MenuTexts.BackToMenu, MenuTexts.MenuPrompt], replies.Select(reply => reply.Text));
        Assert.DoesNotContain(FilingHarness.Cedula, _harness.Client.StateJson);
        Assert.StartsWith("Vamos a registrar su **denuncia**", (await _harness.SayAsync("Registrar denuncia"))[0].Text);
    }

    [Fact]
    public async Task A_command_inside_a_longer_answer_is_not_an_interruption()
    {
        await _harness.WalkToAsync(At.Description);

        var replies = await _harness.SayAsync("Necesito ayuda: quise cancelar una cita y no me dejaron, me trataron mal en la ventanilla.");

        Assert.Equal(FilingTexts.PlacePrompt, Assert.Single(replies).Text);
    }
}
