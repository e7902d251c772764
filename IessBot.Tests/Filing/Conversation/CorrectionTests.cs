using IessBot.Filing.Geography;
using IessBot.Filing.Texts;

namespace IessBot.Tests.Filing.Conversation;

/// <summary>"Corregir" asks only the chosen field again, then shows the summary with the new value.</summary>
public sealed class CorrectionTests : IDisposable
{
    private readonly FilingHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Correct_offers_every_field_of_the_summary()
    {
        await _harness.WalkToAsync(At.Summary);

        var replies = await _harness.SayAsync("Corregir");

        Assert.Equal(SummaryTexts.WhichFieldPrompt, Assert.Single(replies).Text);
        Assert.Equal(SummaryTexts.CorrectionOptions, FilingHarness.Buttons(replies));
    }

    [Fact]
    public async Task Changing_the_email_asks_only_the_email_and_returns_to_the_summary()
    {
        await _harness.WalkToAsync(At.Summary);
        await _harness.SayAsync("Corregir");

        Assert.Equal(FilingTexts.EmailPrompt, Assert.Single(await _harness.SayAsync("Correo")).Text);
        var summary = await _harness.SayAsync("nuevo.correo@example.ec");

        Assert.Contains("**Correo:** nuevo.correo@example.ec", summary[0].Text);
        Assert.DoesNotContain(FilingHarness.Email, summary[0].Text);
        Assert.Equal(SummaryTexts.ConfirmPrompt, summary[^1].Text);
        var filed = await _harness.SayAsync("Confirmar");
        var stored = await _harness.Storage.Cases.GetAsync(FilingHarness.CaseNumberIn(filed[0].Text!)!, default);
        Assert.Equal("nuevo.correo@example.ec", stored!.Email);
        Assert.Equal(FilingHarness.Cedula, stored.Cedula);
    }

    [Fact]
    public async Task Changing_province_and_canton_asks_both_and_returns_to_the_summary()
    {
        await _harness.WalkToAsync(At.Summary);
        await _harness.SayAsync("Corregir");

        Assert.Equal(FilingTexts.ProvincePrompt(EcuadorDpa.Instance.Provinces), Assert.Single(await _harness.SayAsync("Provincia y cantón")).Text);
        Assert.Equal(FilingTexts.CantonPrompt(EcuadorDpa.Instance.FindProvince("01")!), Assert.Single(await _harness.SayAsync("Azuay")).Text);
        var summary = await _harness.SayAsync("Cuenca");

        Assert.Contains("**Provincia y cantón:** Cuenca, Azuay", summary[0].Text);
        Assert.Equal(SummaryTexts.ConfirmPrompt, summary[^1].Text);
        var filed = await _harness.SayAsync("Confirmar");
        var stored = await _harness.Storage.Cases.GetAsync(FilingHarness.CaseNumberIn(filed[0].Text!)!, default);
        Assert.Equal(("01", "0101"), (stored!.Address.ProvinceCode, stored.Address.CantonCode));
        Assert.Equal(FilingScript.Address, stored.Address.Street);
    }

    [Fact]
    public async Task Correcting_keeps_the_case_number_fixed_at_the_first_summary()
    {
        await _harness.WalkToAsync(At.Summary);
        var before = System.Text.Json.Nodes.JsonNode.Parse(_harness.Client.StateJson)!.ToJsonString();
        await _harness.SayAsync("Corregir");
        await _harness.SayAsync("Lugar");
        var summary = await _harness.SayAsync("Hospital del IESS Los Ceibos");

        Assert.Contains("**Lugar:** Hospital del IESS Los Ceibos", summary[0].Text);
        var filed = FilingHarness.CaseNumberIn((await _harness.SayAsync("Confirmar"))[0].Text!);
        Assert.Contains(filed!, before);
    }

    [Fact]
    public async Task Correcting_the_files_replaces_them_and_deletes_the_old_ones()
    {
        await _harness.WalkToAsync(At.Evidence);
        await _harness.SendFilesAsync(("vieja.png", "image/png", FilingHarness.Png(1000)));
        await _harness.SayAsync("Listo");
        var oldId = InterruptionTests.EvidenceIdIn(_harness.Client.StateJson);
        await _harness.SayAsync("Corregir");

        Assert.Equal(EvidenceTexts.Options, FilingHarness.Buttons(await _harness.SayAsync("Archivos")));
        await _harness.SendFilesAsync(("nueva.pdf", "application/pdf", FilingHarness.Pdf(500)));
        var summary = FilingHarness.Text(await _harness.SayAsync("Listo"));

        Assert.Contains("1 archivo (nueva.pdf)", summary);
        Assert.Null(await _harness.Storage.Evidence.OpenReadAsync(oldId, default));
    }
}
