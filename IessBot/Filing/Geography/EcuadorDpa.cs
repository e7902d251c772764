using System.Text.Json;
using System.Text.Json.Serialization;

namespace IessBot.Filing.Geography;

public sealed record Canton(string Code, string Name, string ProvinceCode);

/// <summary>A province with its cantons in INEC code order (codes have gaps: never derive them from positions).</summary>
public sealed record Province(string Code, string Name, IReadOnlyList<Canton> Cantons);

public enum DpaMatchKind
{
    /// <summary>The input names one entry (ignoring accents, case, punctuation, spaces), or gives its code or list number.</summary>
    Exact,

    /// <summary>One entry fits a partial name, a known alias or a small typo: confirm it with the citizen.</summary>
    Close,

    /// <summary>Several entries fit equally: <c>Candidates</c> lists them.</summary>
    Ambiguous,

    /// <summary>Nothing fits: <c>Candidates</c> holds up to 3 suggestions (possibly none).</summary>
    NotFound,
}

/// <param name="Province">Set for Exact and Close.</param>
/// <param name="Candidates">Ambiguous: the entries that fit; NotFound: up to 3 suggestions.</param>
/// <param name="ViaCanton">When the citizen typed a canton instead of a province ("Guayaquil"), that canton.</param>
public sealed record ProvinceMatch(DpaMatchKind Kind, Province? Province, IReadOnlyList<Province> Candidates, Canton? ViaCanton = null);

/// <param name="Canton">Set for Exact and Close.</param>
/// <param name="Candidates">Ambiguous: the cantons that fit; NotFound: up to 3 suggestions in the chosen province.</param>
/// <param name="InOtherProvinces">NotFound only: cantons of other provinces that fit the input ("Quito" under Guayas).</param>
public sealed record CantonMatch(DpaMatchKind Kind, Canton? Canton, IReadOnlyList<Canton> Candidates, IReadOnlyList<Canton> InOtherProvinces);

/// <summary>
/// Ecuador's official political-administrative division (INEC DPA: 24 provinces, 221 cantons), from the embedded
/// <c>ecuador-dpa.json</c> (sources in that file). Loaded once; immutable, so safe to share.
/// </summary>
public sealed class EcuadorDpa
{
    private const string ResourceName = "IessBot.Filing.Geography.ecuador-dpa.json";

    // Names citizens use that are not the canton's official name. Code → canton (reference: INEC DPA names).
    private static readonly Dictionary<string, string> CantonAliases = new()
    {
        ["coca"] = "2201",
        ["el coca"] = "2201",
        ["nueva loja"] = "2101",
        ["general villamil"] = "0921",
        ["dmq"] = "1701",
    };

    private static readonly Lazy<EcuadorDpa> Loaded = new(Load);

    private readonly Dictionary<string, Province> provincesByCode;
    private readonly Dictionary<string, Canton> cantonsByCode;
    private readonly NameMatcher<Province> provinceMatcher;
    private readonly NameMatcher<Canton> nationalCantonMatcher;
    private readonly Dictionary<string, NameMatcher<Canton>> cantonMatchers;

    private EcuadorDpa(IReadOnlyList<Province> provinces)
    {
        Provinces = provinces;
        Cantons = provinces.SelectMany(province => province.Cantons).ToArray();
        provincesByCode = provinces.ToDictionary(province => province.Code);
        cantonsByCode = Cantons.ToDictionary(canton => canton.Code);
        provinceMatcher = new(provinces, province => province.Code, province => province.Name, listNumbers: true);
        nationalCantonMatcher = new(Cantons, canton => canton.Code, canton => canton.Name, listNumbers: false);
        cantonMatchers = provinces.ToDictionary(
            province => province.Code,
            province => new NameMatcher<Canton>(province.Cantons, canton => canton.Code, canton => canton.Name, listNumbers: true));
    }

    public static EcuadorDpa Instance => Loaded.Value;

    /// <summary>The 24 provinces in INEC code order; the list number shown to citizens is the position (= the code).</summary>
    public IReadOnlyList<Province> Provinces { get; }

    /// <summary>All 221 cantons, in code order.</summary>
    public IReadOnlyList<Canton> Cantons { get; }

    public Province? FindProvince(string code) => provincesByCode.GetValueOrDefault(code);

    public Canton? FindCanton(string code) => cantonsByCode.GetValueOrDefault(code);

    public Province ProvinceOf(Canton canton) => provincesByCode[canton.ProvinceCode];

    public ProvinceMatch MatchProvince(string? input)
    {
        var (kind, found) = provinceMatcher.Match(input);
        if (kind != DpaMatchKind.NotFound)
        {
            return kind == DpaMatchKind.Ambiguous
                ? new ProvinceMatch(kind, null, found)
                : new ProvinceMatch(kind, found[0], []);
        }

        return ByCantonName(input) ?? new ProvinceMatch(DpaMatchKind.NotFound, null, found);
    }

    /// <summary>
    /// Finds a canton of <paramref name="province"/>. The list number is the position in
    /// <see cref="Province.Cantons"/>. A canton of another province is NotFound, with that canton in
    /// <see cref="CantonMatch.InOtherProvinces"/> so the citizen can be told where it is.
    /// </summary>
    public CantonMatch MatchCanton(Province province, string? input)
    {
        var (kind, found) = cantonMatchers[province.Code].Match(input, CantonAliases);
        switch (kind)
        {
            case DpaMatchKind.Exact or DpaMatchKind.Close:
                return new CantonMatch(kind, found[0], [], []);
            case DpaMatchKind.Ambiguous:
                return new CantonMatch(kind, null, found, []);
        }

        var (nationalKind, national) = nationalCantonMatcher.Match(input, CantonAliases);
        IReadOnlyList<Canton> elsewhere = nationalKind == DpaMatchKind.NotFound
            ? []
            : national.Where(canton => canton.ProvinceCode != province.Code).ToArray();
        return new CantonMatch(DpaMatchKind.NotFound, null, found, elsewhere);
    }

    // A citizen asked for the province often answers with the city ("Guayaquil"): when the name is exactly one
    // or more cantons of a single province, that province is meant.
    private ProvinceMatch? ByCantonName(string? input)
    {
        var (kind, cantons) = nationalCantonMatcher.Match(input, CantonAliases);
        if (kind != DpaMatchKind.Exact)
        {
            return null;
        }

        var provinces = cantons.Select(ProvinceOf).Distinct().ToArray();
        return provinces.Length == 1
            ? new ProvinceMatch(DpaMatchKind.Close, provinces[0], [], cantons[0])
            : new ProvinceMatch(DpaMatchKind.Ambiguous, null, provinces);
    }

    private static EcuadorDpa Load()
    {
        using var stream = typeof(EcuadorDpa).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        var file = JsonSerializer.Deserialize<DpaFile>(stream, JsonOptions)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is empty.");
        var provinces = file.Provinces
            .Select(province => new Province(
                province.Code,
                province.Name,
                province.Cantons.Select(canton => new Canton(canton.Code, canton.Name, province.Code)).ToArray()))
            .ToArray();
        return new EcuadorDpa(provinces);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record DpaFile([property: JsonRequired] IReadOnlyList<DpaProvince> Provinces);

    private sealed record DpaProvince(
        [property: JsonRequired] string Code,
        [property: JsonRequired] string Name,
        [property: JsonRequired] IReadOnlyList<DpaCanton> Cantons);

    private sealed record DpaCanton([property: JsonRequired] string Code, [property: JsonRequired] string Name);
}
