using System.Globalization;
using IessBot.Cases;
using IessBot.Filing.Geography;
using IessBot.Filing.Validation;

namespace IessBot.Filing.Texts;

/// <summary>
/// Every text of the queja/denuncia waterfall from the introduction to the description and place (DESIGN.md steps
/// 1–7); evidence and summary texts are in <see cref="EvidenceTexts"/> and <see cref="SummaryTexts"/>.
/// Markdown as in Activity.text; es-EC, formal usted; messages that carry buttons stay under 1024 characters.
/// </summary>
public static class FilingTexts
{
    public const string YesLabel = "Sí";
    public const string NoLabel = "No";
    public const string SkipLabel = "Omitir";
    public const string UseThisNumberLabel = "Usar este número";
    public const string OtherNumberLabel = "Otro número";
    public const string ChangeProvinceLabel = "Cambiar provincia";

    private static readonly CultureInfo Ecuador = CultureInfo.GetCultureInfo("es-EC");

    public static string Intro(CaseType type) => type == CaseType.Denuncia
        ? "Vamos a registrar su **denuncia**. La información es confidencial y su identidad se mantiene en reserva. " +
          "Le pediremos su cédula, teléfono, correo y dirección para darle seguimiento. Toma unos 5 minutos."
        : "Vamos a registrar su **queja** sobre la atención del IESS. " +
          "Le pediremos su cédula, teléfono, correo y dirección para responderle. Toma unos 5 minutos.";

    public static string CategoryPrompt(CaseType type) =>
        $"¿De qué se trata su {Noun(type)}? Elija una opción o escriba su número:\n\n" + Numbered(Categories.For(type).Select(category => category.FullName));

    public static IReadOnlyList<string> CategoryOptions(CaseType type) => Categories.For(type).Select(category => category.ShortLabel).ToArray();

    public const string CategoryNotUnderstood = "No encontré esa opción. Elija una de la lista o escriba su número.";

    public const string CedulaPrompt = "Escriba su número de **cédula** (10 dígitos).";

    public static string CedulaInvalid(CedulaCheck check) => check.Failure switch
    {
        CedulaFailure.Length => $"La cédula tiene 10 dígitos y usted escribió {check.Normalized.Length}. Revise el número y escríbalo de nuevo.",
        CedulaFailure.NonDigit => "Escriba solo los 10 números de su cédula, sin letras ni otros signos.",
        CedulaFailure.Province => "Los dos primeros dígitos de la cédula indican la provincia (01 a 24, o 30) y estos no corresponden. Revise el número en su documento y escríbalo de nuevo.",
        CedulaFailure.ThirdDigit => "Ese número no corresponde a una cédula de persona natural. Si escribió su RUC, escriba solo los 10 dígitos de su cédula.",
        CedulaFailure.CheckDigit => "El número de cédula no es válido: puede haber un dígito equivocado. Compárelo con su documento y escríbalo de nuevo.",
        _ => throw new ArgumentException("The cédula is valid: there is no failure to explain.", nameof(check)),
    };

    public const string PhonePrompt =
        "Escriba un **teléfono** donde podamos contactarle: celular (09XXXXXXXX) o fijo con el código de provincia (02XXXXXXX). " +
        "Si vive fuera del país, escríbalo con + y el código del país.";

    /// <summary>On WhatsApp the sender's number is known: offer it (reference/domain.md §2, recommendation).</summary>
    public static string PhoneConfirmWhatsApp(string e164) =>
        $"¿Podemos contactarle al número desde el que nos escribe, **{PhoneValidator.Display(e164)}**?";

    public static IReadOnlyList<string> PhoneConfirmWhatsAppOptions { get; } = [UseThisNumberLabel, OtherNumberLabel];

    public static string PhoneInvalid(PhoneFailure failure) => failure switch
    {
        PhoneFailure.NotANumber => "Eso no parece un número de teléfono. Escriba solo los dígitos, por ejemplo 09XXXXXXXX.",
        PhoneFailure.WrongLength => "El número no tiene la cantidad de dígitos correcta: un celular tiene 10 (09XXXXXXXX) y un fijo 9, con el código de provincia (02XXXXXXX).",
        PhoneFailure.MissingAreaCode => "Al teléfono fijo le falta el código de provincia. Escríbalo con el código al inicio, por ejemplo 02 para Pichincha o 04 para Guayas.",
        PhoneFailure.NotValidInEcuador => "Ese número no existe en Ecuador. Revise los dígitos y escríbalo de nuevo.",
        PhoneFailure.NotValidAbroad => "Ese número internacional no es válido. Escríbalo con + y el código del país, y revise los dígitos.",
        PhoneFailure.NotPersonalLine => "Ese número no sirve para contactarle (es una línea gratuita o de servicio). Escriba su celular o teléfono fijo.",
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };

    public const string EmailPrompt = "Escriba su **correo electrónico**. Allí le enviaremos la confirmación con el número de su caso.";

    public static string EmailInvalid(EmailFailure failure) => failure switch
    {
        EmailFailure.Empty => "Necesitamos un correo electrónico para enviarle la confirmación. Escríbalo, por ejemplo nombre@correo.com.",
        EmailFailure.TooLong => "Ese correo es demasiado largo. Revíselo y escríbalo de nuevo.",
        EmailFailure.HasSpaces => "El correo no puede tener espacios. Escríbalo de nuevo, por ejemplo nombre@correo.com.",
        EmailFailure.AtSign => "El correo debe tener una sola arroba (@), por ejemplo nombre@correo.com.",
        EmailFailure.DomainWithoutDot => "Al correo le falta el final después de la arroba, por ejemplo @correo.com o @gmail.com.",
        EmailFailure.Malformed => "Ese correo no es válido. Revíselo y escríbalo de nuevo, por ejemplo nombre@correo.com.",
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };

    /// <summary>The provinces numbered by INEC code, which is also the number <see cref="EcuadorDpa.MatchProvince"/> accepts.</summary>
    public static string ProvincePrompt(IReadOnlyList<Province> provinces) =>
        "¿En qué **provincia** vive? Escriba el nombre o el número:\n\n" + Numbered(provinces.Select(province => province.Name));

    /// <summary>On channels with short menus (WhatsApp): the region first, then its provinces (reference/whatsapp.md §7.4).</summary>
    public const string ProvinceByRegionPrompt =
        "¿En qué **provincia** vive? Elija su región para ver la lista de provincias, o escriba el nombre de su provincia.";

    public static string ProvinceInRegionPrompt(NaturalRegion region) =>
        $"Elija su **provincia** de la región {region.Label}, o escriba su nombre si no está en la lista.";

    /// <summary>The canton question when the cantons travel as a menu of their own (short-menu channels, ≤ 9 cantons).</summary>
    public static string CantonMenuPrompt(Province province) =>
        $"¿En qué **cantón** de {province.Name} vive? Elíjalo de la lista o escriba su nombre.";

    public static string ProvinceConfirm(Province province) => $"¿Se refiere a la provincia de **{province.Name}**?";

    public static string ProvinceConfirmViaCanton(Province province, Canton canton) =>
        $"{canton.Name} está en la provincia de **{province.Name}**. ¿Es su provincia?";

    public static string ProvinceAmbiguous(IReadOnlyList<Province> candidates) =>
        $"Ese nombre puede ser {JoinOr(candidates.Select(province => province.Name))}. ¿Cuál es su provincia?";

    public static string ProvinceNotFound(IReadOnlyList<Province> suggestions) => suggestions.Count == 0
        ? "No encontré esa provincia. Escriba el nombre o el número de la lista."
        : $"No encontré esa provincia. ¿Quiso decir {JoinOr(suggestions.Select(province => province.Name))}? Escriba el nombre o el número de la lista.";

    /// <summary>The cantons numbered by their position in <see cref="Province.Cantons"/>, the number <see cref="EcuadorDpa.MatchCanton"/> accepts.</summary>
    public static string CantonPrompt(Province province) =>
        $"¿En qué **cantón** de {province.Name} vive? Escriba el nombre o el número:\n\n" + Numbered(province.Cantons.Select(canton => canton.Name));

    public static string CantonConfirm(Canton canton) => $"¿Se refiere al cantón **{canton.Name}**?";

    public static string CantonAmbiguous(IReadOnlyList<Canton> candidates)
    {
        const int Shown = 6;
        var names = candidates.Count <= Shown
            ? JoinOr(candidates.Select(canton => canton.Name))
            : string.Join(", ", candidates.Take(Shown).Select(canton => canton.Name)) + ", entre otros";
        return $"Hay varios cantones con ese nombre: {names}. Escriba el nombre completo o su número de la lista.";
    }

    public static string CantonNotFound(Province province, IReadOnlyList<Canton> suggestions) => suggestions.Count == 0
        ? $"No encontré ese cantón en {province.Name}. Escriba el nombre o el número de la lista."
        : $"No encontré ese cantón en {province.Name}. ¿Quiso decir {JoinOr(suggestions.Select(canton => canton.Name))}?";

    /// <summary>"Quito pertenece a la provincia de Pichincha, no a Guayas." (<see cref="CantonMatch.InOtherProvinces"/>).</summary>
    public static string CantonInOtherProvince(Province chosen, Canton canton, IReadOnlyList<Province> provincesOfCanton) =>
        $"{canton.Name} pertenece a la provincia de {JoinAnd(provincesOfCanton.Select(province => province.Name))}, no a {chosen.Name}. " +
        $"Escriba un cantón de {chosen.Name}, o toque *{ChangeProvinceLabel}*.";

    public static IReadOnlyList<string> ConfirmOptions { get; } = [YesLabel, NoLabel];

    /// <summary>Said when a typo or a city name was taken as the answer, so the citizen sees what was understood.</summary>
    public static string LocationNotedViaCanton(Province province, Canton canton) =>
        $"Anoté el cantón **{canton.Name}**, en la provincia de **{province.Name}**. Si no es correcto, podrá cambiarlo en el resumen.";

    public static string CantonNoted(Canton canton) =>
        $"Anoté el cantón **{canton.Name}**. Si no es correcto, podrá cambiarlo en el resumen.";

    public const string StreetPrompt =
        "Escriba su **dirección**: calle principal, número de casa, calle secundaria y una referencia (por ejemplo: junto a la escuela).";

    public const string StreetTooShort = "La dirección es muy corta. Incluya la calle, el número de casa y una referencia para ubicarla.";

    /// <summary>For the address and the place: a bound that fits any real answer.</summary>
    public static string TextTooLong(int maxLength) =>
        $"El texto es muy largo: escriba como máximo {Count(maxLength)} caracteres.";

    public static string DescriptionPrompt(CaseType type) =>
        $"Cuéntenos qué pasó en su {Noun(type)}. Incluya, si puede:\n\n" +
        "- **Dónde:** la unidad médica u oficina del IESS\n" +
        "- **Cuándo:** la fecha y hora aproximada\n" +
        "- **Quién:** el cargo o nombre de las personas involucradas\n" +
        "- **Qué:** lo que ocurrió\n\n" +
        $"Escriba entre {DescriptionRule.MinLength} y {Count(DescriptionRule.MaxLength)} caracteres. " +
        "Incluya datos de salud de otras personas solo si son necesarios.";

    public static string DescriptionTooShort(int length) =>
        $"La descripción es muy corta: usted escribió {Count(length)} {Characters(length)} y se necesitan al menos {DescriptionRule.MinLength}. " +
        "Cuéntenos dónde, cuándo, quién y qué pasó.";

    public static string DescriptionTooLong(int length) =>
        $"La descripción es muy larga: usted escribió {Count(length)} caracteres y el máximo es {Count(DescriptionRule.MaxLength)}. " +
        "Resúmala; si tiene un documento con el detalle, puede adjuntarlo en el paso siguiente.";

    public static string DescriptionInvalid(DescriptionCheck check) => check.Failure switch
    {
        DescriptionFailure.TooShort => DescriptionTooShort(check.Length),
        DescriptionFailure.TooLong => DescriptionTooLong(check.Length),
        _ => throw new ArgumentException("The description is valid: there is no failure to explain.", nameof(check)),
    };

    public const string PlacePrompt =
        "¿En qué unidad médica u oficina del IESS ocurrió? Por ejemplo: el nombre del hospital, centro de salud o agencia. " +
        "Si no aplica, toque *Omitir*.";

    public static IReadOnlyList<string> PlaceOptions { get; } = [SkipLabel];

    public const string PlaceEmpty = "Escriba el nombre de la unidad médica u oficina del IESS, o toque *Omitir*.";

    internal static string Noun(CaseType type) => type == CaseType.Denuncia ? "denuncia" : "queja";

    internal static string Numbered(IEnumerable<string> items) =>
        string.Join('\n', items.Select((item, index) => $"{index + 1}. {item}"));

    internal static string Count(long value) => value.ToString("#,0", Ecuador);

    private static string Characters(int length) => length == 1 ? "carácter" : "caracteres";

    private static string JoinOr(IEnumerable<string> items) => Join(items, "o");

    private static string JoinAnd(IEnumerable<string> items) => Join(items, "y");

    private static string Join(IEnumerable<string> items, string conjunction)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} {conjunction} {list[^1]}";
    }
}
