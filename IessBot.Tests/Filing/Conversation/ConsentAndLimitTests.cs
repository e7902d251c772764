using IessBot.Cases;
using IessBot.Filing.Texts;

namespace IessBot.Tests.Filing.Conversation;

public sealed class ConsentAndLimitTests : IDisposable
{
    private readonly FilingHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Theory]
    [InlineData(CaseType.Queja)]
    [InlineData(CaseType.Denuncia)]
    public async Task The_first_layer_of_the_notice_offers_accept_decline_and_the_full_notice(CaseType type)
    {
        var replies = await _harness.WalkToAsync(At.Consent, type);

        Assert.Equal(ConsentTexts.FirstLayer(type), replies[^1].Text);
        Assert.Equal(ConsentTexts.Options, FilingHarness.Buttons(replies));
    }

    [Fact]
    public async Task Declining_consent_ends_politely_naming_the_mailbox_and_shows_the_menu()
    {
        await _harness.WalkToAsync(At.Consent);

        var replies = await _harness.SayAsync("No acepto");

        Assert.Equal(ConsentTexts.Declined(CaseType.Queja), replies[0].Text);
        Assert.Contains("gestiondenuncias@iess.gob.ec", replies[0].Text);
        Assert.Equal(MenuTexts.MenuPrompt, replies[^1].Text);
        Assert.Equal(MenuTexts.MenuOptions, FilingHarness.Buttons(replies));
    }

    [Fact]
    public async Task The_full_notice_is_shown_on_request_and_the_question_is_asked_again()
    {
        await _harness.WalkToAsync(At.Consent);

        var replies = await _harness.SayAsync("Ver aviso completo");

        Assert.Equal([.. ConsentTexts.FullNotice(CaseType.Queja), ConsentTexts.AskAgainAfterFullNotice], replies.Select(reply => reply.Text));
        Assert.Equal(ConsentTexts.Options, FilingHarness.Buttons(replies));
        Assert.Equal(FilingTexts.CedulaPrompt, Assert.Single(await _harness.SayAsync("Acepto")).Text);
    }

    [Fact]
    public async Task An_answer_that_is_not_an_option_asks_again_with_the_buttons()
    {
        await _harness.WalkToAsync(At.Consent);

        var replies = await _harness.SayAsync("quizás");

        Assert.Equal(ConsentTexts.NotUnderstood, Assert.Single(replies).Text);
        Assert.Equal(ConsentTexts.Options, FilingHarness.Buttons(replies));
    }

    [Fact]
    public async Task Five_wrong_cedulas_end_the_filing_politely_and_show_the_menu()
    {
        await _harness.WalkToAsync(At.Cedula);
        for (var attempt = 1; attempt < 5; attempt++)
        {
            Assert.Single(await _harness.SayAsync("1714307104"));
        }

        var replies = await _harness.SayAsync("1714307104");

        Assert.Equal([MenuTexts.TooManyAttempts, MenuTexts.MenuPrompt], replies.Select(reply => reply.Text));
        Assert.Equal(MenuTexts.MenuOptions, FilingHarness.Buttons(replies));
        Assert.DoesNotContain("1714307104", _harness.Client.StateJson);
        Assert.StartsWith("Vamos a registrar su **queja**", (await _harness.SayAsync("Registrar queja"))[0].Text);
    }
}
