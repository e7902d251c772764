using System.Globalization;
using IessBot.Cases;
using IessBot.Filing.Validation;

namespace IessBot.Filing.Texts;

/// <summary>What the citizen entered, as shown for review before confirming (DESIGN.md step 9).</summary>
public sealed record FilingSummary(
    CaseType Type,
    string CategoryName,
    string Cedula,
    string PhoneE164,
    string Email,
    string ProvinceName,
    string CantonName,
    string Street,
    string Description,
    string? Place,
    IReadOnlyList<string> EvidenceNames);

/// <summary>The summary, corrections and confirmation texts (DESIGN.md steps 9–10).</summary>
public static class SummaryTexts
{
    public const string ConfirmLabel = "Confirmar";
    public const string CorrectLabel = "Corregir";
    public const string CancelLabel = "Cancelar";

    /// <summary>Long descriptions are cut in the summary so that it stays one readable message.</summary>
    public const int DescriptionPreviewLength = 300;

    public static IReadOnlyList<string> Options { get; } = [ConfirmLabel, CorrectLabel, CancelLabel];

    /// <summary>The fields the citizen can go back and correct from the summary (all but the consent), in the order offered.</summary>
    public static IReadOnlyList<FilingField> CorrectableFields { get; } =
    [
        FilingField.Category, FilingField.Cedula, FilingField.Phone, FilingField.Email, FilingField.Location,
        FilingField.Address, FilingField.Description, FilingField.Place, FilingField.Evidence,
    ];

    public static IReadOnlyDictionary<FilingField, string> FieldLabels { get; } = new Dictionary<FilingField, string>
    {
        [FilingField.Category] = "Categoría",
        [FilingField.Cedula] = "Cédula",
        [FilingField.Phone] = "Teléfono",
        [FilingField.Email] = "Correo",
        [FilingField.Location] = "Provincia y cantón",
        [FilingField.Address] = "Dirección",
        [FilingField.Description] = "Descripción",
        [FilingField.Place] = "Lugar",
        [FilingField.Evidence] = "Archivos",
    };

    /// <summary>The correction choices in <see cref="CorrectableFields"/> order, as button or list labels.</summary>
    public static IReadOnlyList<string> CorrectionOptions { get; } = CorrectableFields.Select(field => FieldLabels[field]).ToArray();

    /// <summary>The data block, sent on its own (it can exceed the 1024 characters a WhatsApp button message allows); then <see cref="ConfirmPrompt"/> with <see cref="Options"/>.</summary>
    public static string Summary(FilingSummary summary)
    {
        var noun = FilingTexts.Noun(summary.Type);
        string[] lines =
        [
            $"**Resumen de su {noun}**",
            "",
            Line(FilingField.Category, summary.CategoryName),
            Line(FilingField.Cedula, CedulaValidator.Mask(summary.Cedula)),
            Line(FilingField.Phone, PhoneValidator.Display(summary.PhoneE164)),
            Line(FilingField.Email, summary.Email),
            Line(FilingField.Location, $"{summary.CantonName}, {summary.ProvinceName}"),
            Line(FilingField.Address, summary.Street),
            Line(FilingField.Description, Preview(summary.Description)),
            Line(FilingField.Place, string.IsNullOrWhiteSpace(summary.Place) ? "(no indicado)" : summary.Place),
            Line(FilingField.Evidence, Files(summary.EvidenceNames)),
        ];
        return string.Join('\n', lines);
    }

    public const string ConfirmPrompt = "¿Los datos son correctos? Toque *Confirmar* para registrar, o *Corregir* para cambiar un dato.";

    public const string WhichFieldPrompt = "¿Qué dato desea corregir?";

    public const string WhichFieldNotUnderstood = "No encontré ese dato. Elija uno de la lista.";

    public const string NotUnderstood = "Por favor, toque *Confirmar*, *Corregir* o *Cancelar*.";

    /// <summary>Step 10: the case number at once, and the email that follows (sent by Notifications through the outbox).</summary>
    public static string CaseFiled(CaseType type, string caseNumber, string email) =>
        $"Su {FilingTexts.Noun(type)} fue registrada con el número **{caseNumber}**. Guarde este número para consultar su caso.\n\n" +
        $"En unos minutos le enviaremos una confirmación a {email}. Si no la ve, revise su carpeta de correo no deseado.";

    /// <summary>Reads a typed or tapped correction choice: its label, ignoring accents and case, or its list number.</summary>
    public static FilingField? RecognizeField(string? input)
    {
        var key = TextKey.Of(input);
        if (int.TryParse(key, out var position) && position >= 1 && position <= CorrectionOptions.Count)
        {
            return CorrectableFields[position - 1];
        }

        foreach (var (field, label) in FieldLabels)
        {
            if (TextKey.Of(label) == key)
            {
                return field;
            }
        }

        return null;
    }

    private static string Line(FilingField field, string value) => $"- **{FieldLabels[field]}:** {value}";

    // Cut by text elements so an accent or emoji at the cut is never split in half.
    private static string Preview(string description)
    {
        var elements = new StringInfo(description);
        var preview = elements.LengthInTextElements <= DescriptionPreviewLength
            ? description
            : elements.SubstringByTextElements(0, DescriptionPreviewLength).TrimEnd() + "…";
        return preview.ReplaceLineEndings(" ");
    }

    private static string Files(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "ninguno",
        1 => $"1 archivo ({names[0]})",
        _ => $"{names.Count} archivos ({string.Join(", ", names)})",
    };
}
