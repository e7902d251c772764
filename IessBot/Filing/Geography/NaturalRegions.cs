using IessBot.Dialogs.Choices;

namespace IessBot.Filing.Geography;

/// <summary>A natural region of Ecuador and its provinces (INEC codes).</summary>
public sealed record NaturalRegion(string Label, IReadOnlyList<string> ProvinceCodes, IReadOnlyList<string> Synonyms);

/// <summary>
/// The 24 provinces by natural region, for channels whose menus hold at most 10 options (WhatsApp lists): a region
/// first, then one list of its provinces (reference/whatsapp.md §7.4 option 1). Every list fits 10 rows.
/// </summary>
public static class NaturalRegions
{
    public static readonly NaturalRegion Costa = new("Costa", ["07", "08", "09", "12", "13", "23", "24"], ["litoral"]);
    public static readonly NaturalRegion Sierra = new("Sierra", ["01", "02", "03", "04", "05", "06", "10", "11", "17", "18"], ["andes"]);

    /// <summary>Amazonía and the Insular region in one option (18 characters: fits a reply button).</summary>
    public static readonly NaturalRegion AmazoniaGalapagos = new("Amazonía/Galápagos", ["14", "15", "16", "19", "20", "21", "22"], ["amazonía", "amazonia", "oriente", "región insular", "insular"]);

    public static IReadOnlyList<NaturalRegion> All { get; } = [Costa, Sierra, AmazoniaGalapagos];

    /// <summary>The region the text names exactly (accents and case aside); null otherwise, so province names are never taken for regions.</summary>
    public static NaturalRegion? Match(string? text)
    {
        var normalized = SpanishText.Normalize(text);
        return normalized.Length == 0
            ? null
            : All.FirstOrDefault(region => SpanishText.Normalize(region.Label) == normalized
                || region.Synonyms.Any(synonym => SpanishText.Normalize(synonym) == normalized));
    }
}
