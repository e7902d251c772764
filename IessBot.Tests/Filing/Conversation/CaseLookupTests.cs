using IessBot.Cases;
using IessBot.Filing.Texts;

namespace IessBot.Tests.Filing.Conversation;

/// <summary>*Consultar mi caso* answers only for the right pair, and never tells whether a number exists.</summary>
public sealed class CaseLookupTests : IDisposable
{
    private readonly FilingHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private async Task<string> FileAQuejaAsync()
    {
        await _harness.WalkToAsync(At.Summary);
        return FilingHarness.CaseNumberIn((await _harness.SayAsync("Confirmar"))[0].Text!)!;
    }

    private async Task<IReadOnlyList<IessBot.BotFramework.Schema.Activity>> LookUpAsync(string caseNumber, string cedula)
    {
        Assert.Equal(LookupTexts.CaseNumberPrompt, Assert.Single(await _harness.SayAsync("Consultar mi caso")).Text);
        Assert.Equal(LookupTexts.CedulaPrompt, Assert.Single(await _harness.SayAsync(caseNumber)).Text);
        return await _harness.SayAsync(cedula);
    }

    [Fact]
    public async Task The_right_number_and_cedula_give_the_status_and_filing_date()
    {
        var number = await FileAQuejaAsync();

        var replies = await LookUpAsync(number.ToLowerInvariant().Replace("-", " "), FilingHarness.Cedula);

        Assert.StartsWith(LookupTexts.Found(number, CaseStatuses.Received, FilingHarness.Now), replies[0].Text);
        Assert.Contains("Por ahora no necesita hacer nada", replies[0].Text);
        Assert.Contains("Recibido", replies[0].Text);
        Assert.Contains("3 de marzo de 2026", replies[0].Text);
        Assert.Equal(MenuTexts.MenuPrompt, replies[^1].Text);
    }

    [Fact]
    public async Task A_wrong_cedula_gets_the_same_answer_as_an_unknown_number()
    {
        var number = await FileAQuejaAsync();

        var wrongCedula = await LookUpAsync(number, "0602910945");
        var unknownNumber = await LookUpAsync(CaseNumber.New(CaseType.Queja).Value, FilingHarness.Cedula);

        Assert.Equal(LookupTexts.NotFound, wrongCedula[0].Text);
        Assert.Equal(wrongCedula.Select(reply => reply.Text), unknownNumber.Select(reply => reply.Text));
        Assert.DoesNotContain(number, wrongCedula[0].Text);
    }

    [Theory]
    [InlineData("Q-0000")]
    [InlineData("12345")]
    [InlineData("X-7K3M-9XQ2-HT")]
    public async Task A_malformed_case_number_is_refused_with_its_shape(string typed)
    {
        await _harness.JoinAsync();
        await _harness.SayAsync("Consultar mi caso");

        var replies = await _harness.SayAsync(typed);

        Assert.Equal(LookupTexts.CaseNumberMalformed, Assert.Single(replies).Text);
    }

    [Fact]
    public async Task A_case_number_with_a_wrong_check_character_is_refused_before_any_lookup()
    {
        var number = await FileAQuejaAsync();
        var typo = number[..^1] + (number[^1] == '0' ? '1' : '0');
        await _harness.SayAsync("Consultar mi caso");

        Assert.Equal(LookupTexts.CaseNumberMalformed, Assert.Single(await _harness.SayAsync(typo)).Text);
    }
}
