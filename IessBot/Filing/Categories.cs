using IessBot.Cases;

namespace IessBot.Filing;

/// <summary>
/// One category of queja or denuncia. <see cref="Code"/> is stable and is what a case stores;
/// <see cref="ShortLabel"/> fits a button (≤ 20 characters: WhatsApp reply-button limit, reference/whatsapp.md §5.5);
/// <see cref="FullName"/> is what the citizen reads in lists and summaries.
/// </summary>
public sealed record CaseCategory(string Code, string ShortLabel, string FullName);

/// <summary>The categories offered at step 2 of the filing flow (DESIGN.md, "What a citizen does").</summary>
public static class Categories
{
    public const string OtherCode = "otro";

    public static IReadOnlyList<CaseCategory> Quejas { get; } =
    [
        new("maltrato-personal", "Maltrato", "Maltrato del personal"),
        new("instalaciones", "Instalaciones", "Instalaciones en mal estado"),
        new("tiempos-espera", "Tiempos de espera", "Tiempos de espera prolongados"),
        new("entrega-turnos", "Entrega de turnos", "Problemas en la entrega de turnos"),
        new("falta-capacidad", "Falta de capacidad", "Falta de capacidad en hospitales y unidades médicas"),
        new(OtherCode, "Otro", "Otro"),
    ];

    public static IReadOnlyList<CaseCategory> Denuncias { get; } =
    [
        new("robo-medicamentos", "Robo de medicamentos", "Robo de medicamentos o insumos"),
        new("coimas", "Coimas", "Coimas"),
        new("venta-cargos", "Venta de cargos", "Venta de cargos o tráfico de influencias"),
        new("cobros-indebidos", "Cobros indebidos", "Facturación fraudulenta o cobros indebidos"),
        new("venta-medicinas", "Venta de medicinas", "Venta de medicinas gratuitas"),
        new(OtherCode, "Otro", "Otro"),
    ];

    public static IReadOnlyList<CaseCategory> For(CaseType type) => type switch
    {
        CaseType.Queja => Quejas,
        CaseType.Denuncia => Denuncias,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static CaseCategory? FindByCode(CaseType type, string code) =>
        For(type).FirstOrDefault(category => category.Code == code);

    /// <summary>
    /// Reads a typed or tapped answer: the list number, the code, the button label or the full name, ignoring
    /// accents, case and punctuation. Null when nothing fits.
    /// </summary>
    public static CaseCategory? Recognize(CaseType type, string? input)
    {
        var key = TextKey.Of(input);
        if (key.Length == 0)
        {
            return null;
        }

        var categories = For(type);
        if (int.TryParse(key, out var position) && position >= 1 && position <= categories.Count)
        {
            return categories[position - 1];
        }

        return categories.FirstOrDefault(category =>
            TextKey.Of(category.Code) == key || TextKey.Of(category.ShortLabel) == key || TextKey.Of(category.FullName) == key);
    }
}
