using System.Reflection;
using IessBot.Cases;
using IessBot.Filing;
using IessBot.Filing.Geography;
using IessBot.Filing.Texts;
using IessBot.Filing.Validation;

namespace IessBot.Tests.Filing.Texts;

/// <summary>Every text the filing conversation can show, built with sample values, for sanity checks over all of them.</summary>
internal static class TextCatalog
{
    public static readonly Type[] TextClasses = [typeof(MenuTexts), typeof(ConsentTexts), typeof(FilingTexts), typeof(EvidenceTexts), typeof(SummaryTexts), typeof(HelpTexts), typeof(LookupTexts)];

    private static readonly EcuadorDpa Dpa = EcuadorDpa.Instance;

    public static FilingSummary SampleSummary(CaseType type) => new(
        type, "Tiempos de espera prolongados", "1714307103", "+593991234567", "nombre@correo.ec",
        "Pichincha", "Quito", "Calle Bolívar 123 y Sucre, frente al parque", new string('x', 4000), null, ["foto1.jpg", "receta.pdf"]);

    /// <summary>Constant and static string members, by name (labels included).</summary>
    public static IEnumerable<(string Name, string Text)> Constants() =>
        TextClasses.SelectMany(type => type
            .GetMembers(BindingFlags.Public | BindingFlags.Static)
            .Select(member => (Name: $"{type.Name}.{member.Name}", Value: ValueOf(member)))
            .Where(entry => entry.Value is string)
            .Select(entry => (entry.Name, (string)entry.Value!)));

    /// <summary>Texts with parameters, for both case types and every failure reason.</summary>
    public static IEnumerable<(string Name, string Text)> Parameterised()
    {
        var pichincha = Dpa.FindProvince("17")!;
        var guayas = Dpa.FindProvince("09")!;
        var quito = Dpa.FindCanton("1701")!;
        foreach (var type in Enum.GetValues<CaseType>())
        {
            yield return ($"Consent.FirstLayer({type})", ConsentTexts.FirstLayer(type));
            foreach (var (section, index) in ConsentTexts.FullNotice(type).Select((section, index) => (section, index)))
            {
                yield return ($"Consent.FullNotice({type})[{index}]", section);
            }

            yield return ($"Consent.Declined({type})", ConsentTexts.Declined(type));
            yield return ($"Filing.Intro({type})", FilingTexts.Intro(type));
            yield return ($"Filing.CategoryPrompt({type})", FilingTexts.CategoryPrompt(type));
            yield return ($"Filing.DescriptionPrompt({type})", FilingTexts.DescriptionPrompt(type));
            yield return ($"Evidence.Prompt({type})", EvidenceTexts.Prompt(type, MaxBytes(type), EvidenceTexts.DefaultMaxFiles));
            yield return ($"Summary.Summary({type})", SummaryTexts.Summary(SampleSummary(type)));
            yield return ($"Summary.CaseFiled({type})", SummaryTexts.CaseFiled(type, "IESS-Q-2026-000123", "nombre@correo.ec"));
        }

        foreach (var failure in Enum.GetValues<CedulaFailure>())
        {
            yield return ($"Filing.CedulaInvalid({failure})", FilingTexts.CedulaInvalid(new CedulaCheck("123", failure)));
        }

        foreach (var failure in Enum.GetValues<PhoneFailure>())
        {
            yield return ($"Filing.PhoneInvalid({failure})", FilingTexts.PhoneInvalid(failure));
        }

        foreach (var failure in Enum.GetValues<EmailFailure>())
        {
            yield return ($"Filing.EmailInvalid({failure})", FilingTexts.EmailInvalid(failure));
        }

        yield return ("Filing.PhoneConfirmWhatsApp", FilingTexts.PhoneConfirmWhatsApp("+593991234567"));
        yield return ("Filing.ProvincePrompt", FilingTexts.ProvincePrompt(Dpa.Provinces));
        yield return ("Filing.ProvinceConfirm", FilingTexts.ProvinceConfirm(pichincha));
        yield return ("Filing.ProvinceConfirmViaCanton", FilingTexts.ProvinceConfirmViaCanton(pichincha, quito));
        yield return ("Filing.ProvinceAmbiguous", FilingTexts.ProvinceAmbiguous([Dpa.FindProvince("11")!, Dpa.FindProvince("13")!]));
        yield return ("Filing.ProvinceNotFound", FilingTexts.ProvinceNotFound([pichincha]));
        yield return ("Filing.ProvinceNotFound(none)", FilingTexts.ProvinceNotFound([]));
        yield return ("Filing.CantonPrompt", FilingTexts.CantonPrompt(guayas));
        yield return ("Filing.CantonMenuPrompt", FilingTexts.CantonMenuPrompt(pichincha));
        yield return ("Filing.ProvinceInRegionPrompt", FilingTexts.ProvinceInRegionPrompt(IessBot.Filing.Geography.NaturalRegions.Costa));
        yield return ("Filing.CantonConfirm", FilingTexts.CantonConfirm(quito));
        yield return ("Filing.CantonAmbiguous", FilingTexts.CantonAmbiguous(pichincha.Cantons));
        yield return ("Filing.CantonNotFound", FilingTexts.CantonNotFound(guayas, guayas.Cantons.Take(3).ToArray()));
        yield return ("Filing.CantonNotFound(none)", FilingTexts.CantonNotFound(guayas, []));
        yield return ("Filing.CantonInOtherProvince", FilingTexts.CantonInOtherProvince(guayas, quito, [pichincha]));
        yield return ("Filing.DescriptionTooShort", FilingTexts.DescriptionTooShort(12));
        yield return ("Filing.DescriptionTooLong", FilingTexts.DescriptionTooLong(4321));
        yield return ("Filing.DescriptionInvalid", FilingTexts.DescriptionInvalid(DescriptionRule.Check("corto")));
        yield return ("Filing.LocationNotedViaCanton", FilingTexts.LocationNotedViaCanton(pichincha, quito));
        yield return ("Filing.CantonNoted", FilingTexts.CantonNoted(quito));
        yield return ("Filing.TextTooLong", FilingTexts.TextTooLong(300));
        yield return ("Menu.MenuAfterFiling", MenuTexts.MenuAfterFiling("Q-7K3M-9XQ2-HT"));
        foreach (var (promptId, help) in HelpTexts.All())
        {
            yield return ($"Help.For({promptId})", help);
        }

        yield return ("Help.For(menu)", HelpTexts.For(null));
        yield return ("Lookup.Found", LookupTexts.Found("Q-7K3M-9XQ2-HT", "Recibido", new DateTimeOffset(2026, 3, 3, 22, 0, 0, TimeSpan.Zero)));
        yield return ("Lookup.FormatDate", LookupTexts.FormatDate(new DateTimeOffset(2026, 3, 3, 22, 0, 0, TimeSpan.Zero)));
        var at = new DateTimeOffset(2026, 3, 3, 22, 0, 0, TimeSpan.Zero);
        var request = new CaseEvent(at, CaseEventKind.InformationRequested, "sistema", "IESS", true, "Envíe la constancia del turno.\nGracias.");
        foreach (var (status, message, awaiting, answerBy) in new (string, CaseEvent?, bool, DateOnly?)[]
        {
            (CaseStatuses.Received, null, false, null),
            (CaseStatuses.InformationRequested, request, true, new DateOnly(2026, 3, 17)),
            (CaseStatuses.InformationRequested, request, true, null),
            (CaseStatuses.Resolved, request with { Kind = CaseEventKind.Resolved }, false, null),
            (CaseStatuses.Referred, null, false, null),
        })
        {
            yield return ($"Lookup.Found({status},{answerBy})", LookupTexts.Found(new CitizenCaseView("Q-7K3M-9XQ2-HT", CaseType.Queja, status, at, message, awaiting, answerBy)));
        }

        yield return ("Lookup.Throttled", LookupTexts.Throttled(TimeSpan.FromMinutes(14.2)));
        yield return ("Lookup.Throttled(1)", LookupTexts.Throttled(TimeSpan.FromSeconds(20)));
        yield return ("Lookup.AnswerTooLong", LookupTexts.AnswerTooLong(4000));
        yield return ("Lookup.AnswerEvidencePrompt", LookupTexts.AnswerEvidencePrompt(EvidenceTexts.DefaultQuejaMaxBytes, 5));
        yield return ("Lookup.AnswerSummary", LookupTexts.AnswerSummary("Q-7K3M-9XQ2-HT", "Adjunto la constancia.", 2));
        yield return ("Lookup.AnswerSummary(0)", LookupTexts.AnswerSummary("Q-7K3M-9XQ2-HT", "Adjunto la constancia.", 0));
        yield return ("Lookup.AnswerSent", LookupTexts.AnswerSent("Q-7K3M-9XQ2-HT"));
        yield return ("Evidence.Received", EvidenceTexts.Received(2, 5));
        yield return ("Evidence.Received(last)", EvidenceTexts.Received(5, 5));
        yield return ("Evidence.TooLarge", EvidenceTexts.TooLarge(EvidenceTexts.DefaultQuejaMaxBytes, "foto.jpg"));
        yield return ("Evidence.UnsupportedType", EvidenceTexts.UnsupportedType());
        yield return ("Evidence.Empty", EvidenceTexts.Empty("vacío.pdf"));
        yield return ("Evidence.Unreadable", EvidenceTexts.Unreadable());
        yield return ("Evidence.Infected", EvidenceTexts.Infected("foto.jpg"));
        yield return ("Evidence.PdfActiveContent", EvidenceTexts.PdfActiveContent("informe.pdf"));
        yield return ("Evidence.Damaged", EvidenceTexts.Damaged());
        yield return ("Evidence.ScanUnavailable", EvidenceTexts.ScanUnavailable());
        yield return ("Evidence.TooManyFiles", EvidenceTexts.TooManyFiles(5));
    }

    public static IEnumerable<(string Name, string Text)> All() => Constants().Concat(Parameterised());

    /// <summary>Every set of choices shown as buttons or list rows, by name.</summary>
    public static IEnumerable<(string Name, IReadOnlyList<string> Labels)> ChoiceSets()
    {
        yield return ("MenuTexts.MenuOptions", MenuTexts.MenuOptions);
        yield return ("ConsentTexts.Options", ConsentTexts.Options);
        yield return ("FilingTexts.CategoryOptions(Queja)", FilingTexts.CategoryOptions(CaseType.Queja));
        yield return ("FilingTexts.CategoryOptions(Denuncia)", FilingTexts.CategoryOptions(CaseType.Denuncia));
        yield return ("FilingTexts.PhoneConfirmWhatsAppOptions", FilingTexts.PhoneConfirmWhatsAppOptions);
        yield return ("FilingTexts.ConfirmOptions", FilingTexts.ConfirmOptions);
        yield return ("FilingTexts.PlaceOptions", FilingTexts.PlaceOptions);
        yield return ("FilingTexts.ChangeProvince", [FilingTexts.ChangeProvinceLabel]);
        yield return ("EvidenceTexts.Options", EvidenceTexts.Options);
        yield return ("SummaryTexts.Options", SummaryTexts.Options);
        yield return ("SummaryTexts.CorrectionOptions", SummaryTexts.CorrectionOptions);
        yield return ("LookupTexts.AnswerOfferOptions", LookupTexts.AnswerOfferOptions);
        yield return ("LookupTexts.ConfirmOptions", LookupTexts.ConfirmOptions);
    }

    public static long MaxBytes(CaseType type) =>
        type == CaseType.Denuncia ? EvidenceTexts.DefaultDenunciaMaxBytes : EvidenceTexts.DefaultQuejaMaxBytes;

    private static object? ValueOf(MemberInfo member) => member switch
    {
        FieldInfo field => field.GetValue(null),
        PropertyInfo { CanRead: true } property when property.GetIndexParameters().Length == 0 => property.GetValue(null),
        _ => null,
    };
}
