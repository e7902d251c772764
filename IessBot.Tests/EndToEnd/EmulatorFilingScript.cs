using System.Text.RegularExpressions;
using IessBot.Cases;

namespace IessBot.Tests.EndToEnd;

/// <summary>
/// What a citizen types in the Emulator to file a case without evidence, from the menu to the confirmation.
/// Synthetic data only: the cédula is the canonical test number of public validator suites (reference/domain.md §1).
/// </summary>
internal static partial class EmulatorFilingScript
{
    public const string Cedula = "1714307103";
    public const string Phone = "0991234567";
    public const string PhoneE164 = "+593991234567";
    public const string Email = "ciudadana.prueba@example.com";
    /// <summary>Street, house number and a reference, in one answer.</summary>
    public const string Address = "Avenida Amazonas N34-120 y Colón, frente al parque El Ejido";
    public const string Description = "El lunes 3 de noviembre esperé seis horas en consulta externa y nadie me atendió.";
    public const string Place = "Hospital Carlos Andrade Marín";

    public static IReadOnlyList<string> Answers(CaseType type) =>
    [
        type == CaseType.Queja ? "Registrar queja" : "Registrar denuncia",
        "1",
        "Acepto",
        Cedula,
        Phone,
        Email,
        "pichincha",
        "Quito",
        Address,
        Description,
        Place,
        "Omitir",
        "Confirmar",
    ];

    /// <summary>Every value the citizen typed that is personal data: none may appear in logs or in clear on disk.</summary>
    public static IReadOnlyList<string> PersonalValues => [Cedula, Phone, "991234567", Email, Address, "Amazonas N34-120", Description];

    public static string? FindCaseNumber(string? text) => text is null ? null : CaseNumberPattern().Match(text) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"\b[QD]-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex CaseNumberPattern();
}
