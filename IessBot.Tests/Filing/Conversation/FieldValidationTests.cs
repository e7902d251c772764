using IessBot.Cases;
using IessBot.Filing.Geography;
using IessBot.Filing.Texts;
using IessBot.Filing.Validation;

namespace IessBot.Tests.Filing.Conversation;

/// <summary>Each refusal says why, and the same question keeps waiting for a better answer.</summary>
public sealed class FieldValidationTests : IDisposable
{
    private readonly FilingHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static EcuadorDpa Dpa => EcuadorDpa.Instance;

    [Theory]
    [InlineData("171430710", CedulaFailure.Length)]
    [InlineData("17143O7103", CedulaFailure.NonDigit)]
    [InlineData("8814307107", CedulaFailure.Province)]
    [InlineData("1784307108", CedulaFailure.ThirdDigit)]
    [InlineData("1714307104", CedulaFailure.CheckDigit)]
    public async Task Each_cedula_failure_gets_its_own_message(string cedula, CedulaFailure failure)
    {
        await _harness.WalkToAsync(At.Cedula);

        var replies = await _harness.SayAsync(cedula);

        Assert.Equal(FilingTexts.CedulaInvalid(new CedulaCheck(CedulaValidator.Normalize(cedula), failure)), Assert.Single(replies).Text);
        Assert.Equal(FilingTexts.PhonePrompt, Assert.Single(await _harness.SayAsync(FilingHarness.Cedula)).Text);
    }

    [Theory]
    [InlineData("hola", PhoneFailure.NotANumber)]
    [InlineData("09912345678", PhoneFailure.WrongLength)]
    [InlineData("2345678", PhoneFailure.MissingAreaCode)]
    public async Task A_wrong_phone_is_refused_with_its_reason(string phone, PhoneFailure failure)
    {
        await _harness.WalkToAsync(At.Phone);

        Assert.Equal(FilingTexts.PhoneInvalid(failure), Assert.Single(await _harness.SayAsync(phone)).Text);
        Assert.Equal(FilingTexts.EmailPrompt, Assert.Single(await _harness.SayAsync("(02) 234-5678")).Text);
    }

    [Theory]
    [InlineData("maria@gmail", EmailFailure.DomainWithoutDot)]
    [InlineData("maria perez@gmail.com", EmailFailure.HasSpaces)]
    [InlineData("maria.gmail.com", EmailFailure.AtSign)]
    public async Task A_wrong_email_is_refused_with_its_reason(string email, EmailFailure failure)
    {
        await _harness.WalkToAsync(At.Email);

        Assert.Equal(FilingTexts.EmailInvalid(failure), Assert.Single(await _harness.SayAsync(email)).Text);
        Assert.StartsWith("¿En qué **provincia**", Assert.Single(await _harness.SayAsync(FilingHarness.Email)).Text);
    }

    [Fact]
    public async Task An_unknown_province_is_refused_with_suggestions()
    {
        await _harness.WalkToAsync(At.Province);

        var replies = await _harness.SayAsync("Pichinchu del Norte");

        var match = Dpa.MatchProvince("Pichinchu del Norte");
        Assert.Equal(DpaMatchKind.NotFound, match.Kind);
        Assert.Equal(FilingTexts.ProvinceNotFound(match.Candidates), Assert.Single(replies).Text);
    }

    [Fact]
    public async Task An_ambiguous_province_is_asked_with_the_candidates_as_choices()
    {
        await _harness.WalkToAsync(At.Province);

        var replies = await _harness.SayAsync("Olmedo");

        Assert.Equal(FilingTexts.ProvinceAmbiguous([Dpa.FindProvince("11")!, Dpa.FindProvince("13")!]), Assert.Single(replies).Text);
        Assert.Equal(["Loja", "Manabí"], FilingHarness.Buttons(replies));
        Assert.Equal(FilingTexts.CantonPrompt(Dpa.FindProvince("13")!), Assert.Single(await _harness.SayAsync("Manabí")).Text);
    }

    [Theory]
    [InlineData("pichinhca")]
    [InlineData("PICHINCHA")]
    [InlineData("provincia de pichincha")]
    public async Task A_province_with_a_typo_or_without_accents_is_accepted(string typed)
    {
        await _harness.WalkToAsync(At.Province);

        var replies = await _harness.SayAsync(typed);

        Assert.Equal(FilingTexts.CantonPrompt(Dpa.FindProvince("17")!), Assert.Single(replies).Text);
        Assert.Equal([FilingTexts.ChangeProvinceLabel], FilingHarness.Buttons(replies));
    }

    [Fact]
    public async Task A_canton_of_another_province_is_refused_and_names_its_province()
    {
        await _harness.WalkToAsync(At.Province);
        await _harness.SayAsync("Guayas");

        var replies = await _harness.SayAsync("Quito");

        Assert.Equal(FilingTexts.CantonInOtherProvince(Dpa.FindProvince("09")!, Dpa.FindCanton("1701")!, [Dpa.FindProvince("17")!]), Assert.Single(replies).Text);
        Assert.Equal(FilingTexts.StreetPrompt, Assert.Single(await _harness.SayAsync("Duran")).Text);
    }

    [Fact]
    public async Task Change_province_at_the_canton_asks_the_province_again()
    {
        await _harness.WalkToAsync(At.Canton);

        var replies = await _harness.SayAsync(FilingTexts.ChangeProvinceLabel);

        Assert.Equal(FilingTexts.ProvincePrompt(Dpa.Provinces), Assert.Single(replies).Text);
        await _harness.SayAsync("Azuay");
        Assert.Equal(FilingTexts.StreetPrompt, Assert.Single(await _harness.SayAsync("Cuenca")).Text);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("Quito")]
    public async Task An_empty_or_too_short_address_is_refused(string address)
    {
        await _harness.WalkToAsync(At.Street);

        Assert.Equal(FilingTexts.StreetTooShort, Assert.Single(await _harness.SayAsync(address)).Text);
    }

    [Fact]
    public async Task An_address_longer_than_the_limit_is_refused()
    {
        await _harness.WalkToAsync(At.Street);

        var replies = await _harness.SayAsync(new string('a', 301));

        Assert.Equal(FilingTexts.TextTooLong(300), Assert.Single(replies).Text);
    }

    [Fact]
    public async Task A_short_description_is_refused_with_the_count_typed_and_the_minimum()
    {
        await _harness.WalkToAsync(At.Description);

        var text = Assert.Single(await _harness.SayAsync("Me trataron mal")).Text;

        Assert.Equal(FilingTexts.DescriptionTooShort(15), text);
        Assert.Contains("15 caracteres", text);
        Assert.Contains("al menos 30", text);
    }

    [Fact]
    public async Task A_long_description_is_refused_with_the_count_typed_and_the_maximum()
    {
        await _harness.WalkToAsync(At.Description);

        var text = Assert.Single(await _harness.SayAsync(new string('x', 4321))).Text;

        Assert.Equal(FilingTexts.DescriptionTooLong(4321), text);
        Assert.Contains("4.321", text);
        Assert.Contains("4.000", text);
    }

    [Fact]
    public async Task A_file_over_1_MB_is_refused_for_a_queja_with_the_limit()
    {
        await _harness.WalkToAsync(At.Evidence);

        var replies = await _harness.SendFilesAsync(("foto.png", "image/png", FilingHarness.Png(2 * 1024 * 1024)));

        Assert.Equal(EvidenceTexts.TooLarge(1024 * 1024, "foto.png"), Assert.Single(replies).Text);
        Assert.Contains("1 MB", replies[0].Text);
        Assert.Empty(await _harness.Storage.Cases.FindByCedulaAsync(FilingHarness.Cedula, default));
    }

    [Fact]
    public async Task A_text_file_named_pdf_is_refused_by_its_bytes()
    {
        await _harness.WalkToAsync(At.Evidence);

        var replies = await _harness.SendFilesAsync(("informe.pdf", "application/pdf", "Esto es texto, no un PDF."u8.ToArray()));

        Assert.Equal(EvidenceTexts.UnsupportedType("informe.pdf"), Assert.Single(replies).Text);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        await _harness.WalkToAsync(At.Evidence);

        Assert.Equal(EvidenceTexts.Empty("vacio.pdf"), Assert.Single(await _harness.SendFilesAsync(("vacio.pdf", "application/pdf", []))).Text);
    }

    [Fact]
    public async Task Files_beyond_five_are_refused_and_five_are_kept()
    {
        await _harness.WalkToAsync(At.Evidence);
        await _harness.SendFilesAsync(
            ("1.pdf", "application/pdf", FilingHarness.Pdf(100)),
            ("2.pdf", "application/pdf", FilingHarness.Pdf(100)),
            ("3.pdf", "application/pdf", FilingHarness.Pdf(100)));

        var replies = await _harness.SendFilesAsync(
            ("4.pdf", "application/pdf", FilingHarness.Pdf(100)),
            ("5.pdf", "application/pdf", FilingHarness.Pdf(100)),
            ("6.pdf", "application/pdf", FilingHarness.Pdf(100)));

        Assert.Equal(
            [EvidenceTexts.Received(4, 5), EvidenceTexts.Received(5, 5), EvidenceTexts.TooManyFiles(5)],
            replies.Select(reply => reply.Text));
        Assert.Contains("5 archivos (1.pdf, 2.pdf, 3.pdf, 4.pdf, 5.pdf)", FilingHarness.Text(await _harness.SayAsync("Listo")));
    }

    [Fact]
    public async Task Text_at_the_evidence_step_that_is_neither_a_file_nor_done_asks_for_a_file()
    {
        await _harness.WalkToAsync(At.Evidence);

        var replies = await _harness.SayAsync("tengo una foto pero no sé cómo");

        Assert.Equal(EvidenceTexts.NotAFile, Assert.Single(replies).Text);
        Assert.Equal(EvidenceTexts.Options, FilingHarness.Buttons(replies));
    }
}
