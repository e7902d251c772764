using IessBot.Cases;
using IessBot.Filing;
using IessBot.Filing.Geography;
using IessBot.Filing.Texts;
using IessBot.Filing.Validation;

namespace IessBot.Tests.Filing.Texts;

public class TextsContentTests
{
    [Theory]
    [InlineData(CaseType.Queja)]
    [InlineData(CaseType.Denuncia)]
    public void Consent_first_layer_covers_the_lopdp_checklist(CaseType type)
    {
        var text = ConsentTexts.FirstLayer(type);

        Assert.Contains("IESS", text);
        Assert.Contains("SPDP", text);
        Assert.Contains("15 días", text);
        Assert.Contains("salud", text);
        Assert.Contains("sensibles", text);
        Assert.Contains("archivo público", text);
        Assert.Contains("automático", text);
        Assert.Contains("personas", text);
        Assert.Contains("rectificación", text);
        Assert.Contains("gestiondenuncias@iess.gob.ec", text);
    }

    [Fact]
    public void Only_the_denuncia_notice_announces_transfer_to_fiscalia_and_contraloria()
    {
        Assert.Contains("Fiscalía", ConsentTexts.FirstLayer(CaseType.Denuncia));
        Assert.Contains("Contraloría", ConsentTexts.FirstLayer(CaseType.Denuncia));
        Assert.DoesNotContain("Fiscalía", ConsentTexts.FirstLayer(CaseType.Queja));
        Assert.Contains("Fiscalía", string.Join('\n', ConsentTexts.FullNotice(CaseType.Denuncia)));
    }

    [Theory]
    [InlineData(CaseType.Queja)]
    [InlineData(CaseType.Denuncia)]
    public void Full_notice_names_controller_address_version_and_the_rights(CaseType type)
    {
        var text = string.Join('\n', ConsentTexts.FullNotice(type));

        Assert.Contains("Av. 10 de Agosto y Bogotá, Quito", text);
        Assert.Contains(ConsentTexts.ConsentNoticeVersion, text);
        foreach (var word in new[] { "acceso", "rectificación", "eliminación", "oponerse", "portabilidad", "revocar", "15 días", "SPDP", "WhatsApp", "internacional" })
        {
            Assert.Contains(word, text);
        }
    }

    [Theory]
    [InlineData(CaseType.Queja)]
    [InlineData(CaseType.Denuncia)]
    public void Refusal_names_the_mailbox_to_file_instead(CaseType type)
    {
        Assert.Contains("gestiondenuncias@iess.gob.ec", ConsentTexts.Declined(type));
    }

    [Fact]
    public void Consent_notice_version_is_dated()
    {
        Assert.Matches(@"^\d{4}-\d{2}-v\d+$", ConsentTexts.ConsentNoticeVersion);
    }

    [Fact]
    public void Each_cedula_failure_has_its_own_message_and_length_says_how_many_digits_were_typed()
    {
        var messages = Enum.GetValues<CedulaFailure>().Select(failure => FilingTexts.CedulaInvalid(new CedulaCheck("1", failure))).ToList();

        Assert.Equal(messages.Count, messages.Distinct().Count());
        Assert.Contains("usted escribió 9", FilingTexts.CedulaInvalid(CedulaValidator.Check("171430710")));
    }

    [Fact]
    public void A_valid_cedula_has_no_failure_message()
    {
        Assert.Throws<ArgumentException>(() => FilingTexts.CedulaInvalid(CedulaValidator.Check("1714307103")));
    }

    [Fact]
    public void Each_phone_and_email_failure_has_its_own_message()
    {
        var phone = Enum.GetValues<PhoneFailure>().Select(FilingTexts.PhoneInvalid).ToList();
        var email = Enum.GetValues<EmailFailure>().Select(FilingTexts.EmailInvalid).ToList();

        Assert.Equal(phone.Count, phone.Distinct().Count());
        Assert.Equal(email.Count, email.Distinct().Count());
    }

    [Fact]
    public void Description_failures_tell_the_count_the_citizen_wrote()
    {
        Assert.Contains("usted escribió 12 caracteres", FilingTexts.DescriptionTooShort(12));
        Assert.Contains("usted escribió 1 carácter ", FilingTexts.DescriptionTooShort(1));
        Assert.Contains("usted escribió 4.321 caracteres", FilingTexts.DescriptionTooLong(4321));
        Assert.Contains("usted escribió 5 caracteres", FilingTexts.DescriptionInvalid(DescriptionRule.Check("corto")));
    }

    [Fact]
    public void Canton_of_another_province_names_both_provinces()
    {
        var dpa = EcuadorDpa.Instance;
        var match = dpa.MatchCanton(dpa.FindProvince("09")!, "Quito");
        var provinces = match.InOtherProvinces.Select(dpa.ProvinceOf).Distinct().ToList();

        var text = FilingTexts.CantonInOtherProvince(dpa.FindProvince("09")!, match.InOtherProvinces[0], provinces);

        Assert.Equal("Quito pertenece a la provincia de Pichincha, no a Guayas. Escriba un cantón de Guayas, o toque *Cambiar provincia*.", text);
    }

    [Fact]
    public void A_long_ambiguous_list_is_cut_and_says_there_are_more()
    {
        var pichincha = EcuadorDpa.Instance.FindProvince("17")!;

        Assert.EndsWith("Mejía, Pedro Moncayo, Rumiñahui, San Miguel de los Bancos, entre otros. Escriba el nombre completo o su número de la lista.", FilingTexts.CantonAmbiguous(pichincha.Cantons));
        Assert.Contains("Pedro Moncayo o Pedro Vicente Maldonado", FilingTexts.CantonAmbiguous(pichincha.Cantons.Skip(3).Where(c => c.Name.StartsWith("Pedro")).ToList()));
    }

    [Fact]
    public void Province_prompt_numbers_match_the_codes_the_matcher_reads()
    {
        var text = FilingTexts.ProvincePrompt(EcuadorDpa.Instance.Provinces);

        Assert.Contains("17. Pichincha", text);
        Assert.Contains("23. Santo Domingo de los Tsáchilas", text);
        Assert.Equal("17", EcuadorDpa.Instance.MatchProvince("17").Province?.Code);
    }

    [Theory]
    [InlineData(1024 * 1024, "1 MB")]
    [InlineData(20 * 1024 * 1024, "20 MB")]
    [InlineData(1536 * 1024, "1,5 MB")]
    [InlineData(512 * 1024, "512 KB")]
    public void Sizes_read_as_citizens_expect(long bytes, string expected)
    {
        Assert.Equal(expected, EvidenceTexts.FormatSize(bytes));
    }

    [Fact]
    public void Evidence_prompt_states_the_limit_of_the_case_type()
    {
        Assert.Contains("1 MB", EvidenceTexts.Prompt(CaseType.Queja, EvidenceTexts.DefaultQuejaMaxBytes, 5));
        Assert.Contains("20 MB", EvidenceTexts.Prompt(CaseType.Denuncia, EvidenceTexts.DefaultDenunciaMaxBytes, 5));
        Assert.Contains("PDF, JPG o PNG", EvidenceTexts.Prompt(CaseType.Queja, EvidenceTexts.DefaultQuejaMaxBytes, 5));
        Assert.Contains("20 MB", EvidenceTexts.TooLarge(EvidenceTexts.DefaultDenunciaMaxBytes));
    }

    [Fact]
    public void Summary_masks_the_cedula_and_shortens_a_long_description()
    {
        var text = SummaryTexts.Summary(TextCatalog.SampleSummary(CaseType.Queja));

        Assert.Contains("17******03", text);
        Assert.DoesNotContain("1714307103", text);
        Assert.Contains("+593 99 123 4567", text);
        Assert.Contains("**Provincia y cantón:** Quito, Pichincha", text);
        Assert.Contains("**Dirección:** Calle Bolívar 123 y Sucre, frente al parque", text);
        Assert.Contains(new string('x', SummaryTexts.DescriptionPreviewLength) + "…", text);
        Assert.DoesNotContain(new string('x', SummaryTexts.DescriptionPreviewLength + 1), text);
        Assert.All(SummaryTexts.FieldLabels.Values, label => Assert.Contains($"**{label}:**", text));
    }

    [Fact]
    public void Case_filed_gives_the_number_and_says_an_email_follows()
    {
        var text = SummaryTexts.CaseFiled(CaseType.Denuncia, "IESS-D-2026-000042", "nombre@correo.ec");

        Assert.Contains("**IESS-D-2026-000042**", text);
        Assert.Contains("nombre@correo.ec", text);
        Assert.Contains("denuncia", text);
    }

    [Theory]
    [InlineData("Cédula", FilingField.Cedula)]
    [InlineData("cedula", FilingField.Cedula)]
    [InlineData("CORREO", FilingField.Email)]
    [InlineData("5", FilingField.Location)]
    [InlineData("provincia y canton", FilingField.Location)]
    [InlineData("6", FilingField.Address)]
    [InlineData("archivos", FilingField.Evidence)]
    public void Correction_choices_are_recognised_by_label_or_number(string typed, FilingField field)
    {
        Assert.Equal(field, SummaryTexts.RecognizeField(typed));
    }

    [Theory]
    [InlineData("nombre")]
    [InlineData("10")]
    [InlineData("")]
    public void Unknown_correction_choices_are_not_recognised(string typed)
    {
        Assert.Null(SummaryTexts.RecognizeField(typed));
    }
}
