using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Filing.Texts;

namespace IessBot.Tests.Filing.Conversation;

public sealed class FilingHappyPathTests : IDisposable
{
    private readonly FilingHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task A_queja_without_evidence_is_filed_and_the_reply_gives_the_case_number()
    {
        var greeting = await _harness.JoinAsync();
        Assert.Equal(MenuTexts.Greeting, Assert.Single(greeting).Text);
        Assert.Equal(MenuTexts.MenuOptions, FilingHarness.Buttons(greeting));

        var summary = await _harness.WalkToAsync(At.Summary);
        var filed = await _harness.SayAsync("Confirmar");

        var number = FilingHarness.CaseNumberIn(filed[0].Text!);
        Assert.NotNull(number);
        Assert.StartsWith("Q-", number);
        Assert.Contains(FilingHarness.Email, filed[0].Text);
        Assert.Equal(MenuTexts.MenuAfterFiling(number), filed[^1].Text);
        Assert.Equal(MenuTexts.MenuOptions, FilingHarness.Buttons(filed));

        var stored = await _harness.Storage.Cases.GetAsync(number, default);
        Assert.NotNull(stored);
        Assert.Equal(CaseType.Queja, stored.Type);
        Assert.Equal("tiempos-espera", stored.Category);
        Assert.Equal(new ConsentRecord(ConsentTexts.ConsentNoticeVersion, FilingHarness.Now), stored.Consent);
        Assert.Equal(FilingHarness.Cedula, stored.Cedula);
        Assert.Equal("+593991234567", stored.Phone);
        Assert.Equal(FilingHarness.Email, stored.Email);
        Assert.Equal(new HomeAddress("17", "Pichincha", "1701", "Quito", FilingScript.Address), stored.Address);
        Assert.Equal(FilingHarness.Description, stored.Description);
        Assert.Equal(FilingScript.Place, stored.Place);
        Assert.Empty(stored.Evidence);
        Assert.Equal(Channels.Test, stored.ChannelId);
        Assert.Equal(FilingHarness.Now, stored.FiledAt);
        Assert.Equal(CaseStatuses.Received, stored.Status);
        Assert.Contains(SummaryTexts.ConfirmPrompt, FilingHarness.Text(summary));
    }

    [Fact]
    public async Task A_denuncia_is_filed_with_a_2_MB_png_that_a_queja_would_refuse()
    {
        await _harness.WalkToAsync(At.Evidence, CaseType.Denuncia);

        var received = await _harness.SendFilesAsync(("captura.png", "image/png", FilingHarness.Png(2 * 1024 * 1024)));
        Assert.Equal(EvidenceTexts.Received(1, 5), Assert.Single(received).Text);
        Assert.Equal([EvidenceTexts.DoneLabel], FilingHarness.Buttons(received));

        var summary = FilingHarness.Text(await _harness.SayAsync("Listo"));
        Assert.Contains("captura.png", summary);
        Assert.Contains("Coimas", summary);
        var filed = await _harness.SayAsync("Confirmar");

        var number = FilingHarness.CaseNumberIn(filed[0].Text!);
        Assert.StartsWith("D-", number);
        var stored = await _harness.Storage.Cases.GetAsync(number!, default);
        Assert.Equal(CaseType.Denuncia, stored!.Type);
        Assert.Equal("coimas", stored.Category);
        var evidence = Assert.Single(stored.Evidence);
        Assert.Equal(("image/png", 2L * 1024 * 1024, "captura.png"), (evidence.ContentType, evidence.Length, evidence.OriginalName));
        await using var content = await _harness.Storage.Evidence.OpenReadAsync(evidence.EvidenceId, default);
        Assert.NotNull(content);
    }

    [Fact]
    public async Task A_confirmation_turn_run_again_on_the_same_state_files_the_same_case_once()
    {
        await _harness.WalkToAsync(At.Summary);
        var stateBeforeConfirming = _harness.Client.StateJson;

        var first = FilingHarness.CaseNumberIn((await _harness.SayAsync("Confirmar"))[0].Text!);
        // The pipeline re-runs a turn on the state saved before it when its own save loses a conflict.
        _harness.UseClient(_harness.NewClient(stateJson: stateBeforeConfirming));
        var second = FilingHarness.CaseNumberIn((await _harness.SayAsync("Confirmar"))[0].Text!);

        Assert.Equal(first, second);
        Assert.Single(await _harness.Storage.Cases.FindByCedulaAsync(FilingHarness.Cedula, default));
    }

    [Fact]
    public async Task Confirming_twice_does_not_create_a_second_case()
    {
        await _harness.WalkToAsync(At.Summary);
        await _harness.SayAsync("Confirmar");

        var again = await _harness.SayAsync("Confirmar");

        Assert.Null(FilingHarness.CaseNumberIn(FilingHarness.Text(again)));
        Assert.Single(await _harness.Storage.Cases.FindByCedulaAsync(FilingHarness.Cedula, default));
    }

    [Fact]
    public async Task After_filing_the_conversation_state_holds_none_of_the_citizens_data()
    {
        await _harness.WalkToAsync(At.Summary);
        Assert.Contains(FilingHarness.Email, _harness.Client.StateJson);

        await _harness.SayAsync("Confirmar");

        var state = _harness.Client.StateJson;
        Assert.DoesNotContain(FilingHarness.Cedula, state);
        Assert.DoesNotContain(FilingHarness.Email, state);
        Assert.DoesNotContain("991234567", state);
        Assert.DoesNotContain("Amazonas", state);
        Assert.DoesNotContain("Esperé", state);
    }

    [Fact]
    public async Task Nothing_the_citizen_typed_is_logged()
    {
        await _harness.WalkToAsync(At.Summary);
        await _harness.SayAsync("Confirmar");

        Assert.NotEmpty(_harness.Logs.Entries);
        Assert.All(_harness.Logs.Entries, entry =>
        {
            Assert.DoesNotContain(FilingHarness.Cedula, entry.Message);
            Assert.DoesNotContain(FilingHarness.Email, entry.Message);
            Assert.DoesNotContain("991234567", entry.Message);
            Assert.DoesNotContain("Amazonas", entry.Message);
            Assert.DoesNotContain("Esperé", entry.Message);
        });
    }

    [Fact]
    public async Task On_whatsapp_the_number_the_citizen_writes_from_is_offered_and_used()
    {
        // On WhatsApp the user id is the sender's number in international form.
        _harness.UseClient(_harness.NewClient(Channels.WhatsApp, userId: "593991234567"));
        await _harness.WalkToAsync(At.Cedula);

        var offer = await _harness.SayAsync(FilingHarness.Cedula);
        Assert.Equal(FilingTexts.PhoneConfirmWhatsAppOptions, FilingHarness.Buttons(offer));
        var next = await _harness.SayAsync(FilingTexts.UseThisNumberLabel);

        Assert.Equal(FilingTexts.EmailPrompt, Assert.Single(next).Text);
    }
}
