namespace IessBot.Filing.Geography;

/// <summary>
/// Finds one item of a fixed list (provinces, or the cantons of a province) from what a citizen typed, in this
/// order: code or list number, same name, the words of a name, a small typo. The first step that finds anything wins.
/// </summary>
/// <param name="listNumbers">Whether a small number is read as a position in <paramref name="items"/> (only where a list was shown).</param>
internal sealed class NameMatcher<T>(IReadOnlyList<T> items, Func<T, string> code, Func<T, string> name, bool listNumbers)
    where T : class
{
    // Words people put before the name they mean ("provincia de Los Ríos", "cantón Quito", "ciudad de Loja").
    private static readonly string[] Fillers =
        ["provincia de ", "provincia del ", "provincia ", "canton de ", "canton ", "ciudad de ", "ciudad ", "distrito metropolitano de "];

    private const int MaxSuggestions = 3;

    private readonly (T Item, string Key, string[] Words)[] entries =
        items.Select(item => (item, TextKey.Of(name(item)), TextKey.SignificantWords(TextKey.Of(name(item))))).ToArray();

    public (DpaMatchKind Kind, IReadOnlyList<T> Items) Match(string? input, IReadOnlyDictionary<string, string>? aliases = null)
    {
        var key = StripFillers(TextKey.Of(input));
        if (key.Length == 0)
        {
            return (DpaMatchKind.NotFound, []);
        }

        if (key.All(char.IsAsciiDigit))
        {
            return ByNumber(key) is { } numbered ? (DpaMatchKind.Exact, [numbered]) : (DpaMatchKind.NotFound, []);
        }

        if (aliases is not null && aliases.TryGetValue(key, out var aliasCode)
            && items.FirstOrDefault(item => code(item) == aliasCode) is { } aliased)
        {
            return (DpaMatchKind.Exact, [aliased]);
        }

        var exact = entries.Where(entry => entry.Key == key).Select(entry => entry.Item).ToArray();
        if (exact.Length > 0)
        {
            return (DpaMatchKind.Exact, exact);
        }

        var close = ByWords(key);
        if (close.Count == 0)
        {
            close = ByTypo(key);
        }

        return close.Count switch
        {
            0 => (DpaMatchKind.NotFound, Suggestions(key)),
            1 => (DpaMatchKind.Close, close),
            _ => (DpaMatchKind.Ambiguous, close),
        };
    }

    private static string StripFillers(string key)
    {
        foreach (var filler in Fillers)
        {
            if (key.StartsWith(filler, StringComparison.Ordinal) && key.Length > filler.Length)
            {
                return StripFillers(key[filler.Length..]);
            }
        }

        return key;
    }

    // A number is the INEC code ("17", "1701") or the 1-based position in the list as given (provinces are listed
    // in code order, so for them both readings agree).
    private T? ByNumber(string digits)
    {
        var byCode = items.FirstOrDefault(item => code(item) == digits);
        if (byCode is not null)
        {
            return byCode;
        }

        return listNumbers && digits.Length <= 2 && int.Parse(digits) is var position && position >= 1 && position <= items.Count
            ? items[position - 1]
            : null;
    }

    // "Santo Domingo" → Santo Domingo de los Tsáchilas; "Juján" → Alfredo Baquerizo Moreno (Juján);
    // "Distrito Metropolitano de Quito" → Quito: every meaningful word of one side appears in the other.
    private List<T> ByWords(string key)
    {
        var words = TextKey.SignificantWords(key);
        if (words.Length == 0)
        {
            return [];
        }

        return entries
            .Where(entry => words.All(entry.Words.Contains) || (entry.Words.Length > 0 && entry.Words.All(words.Contains)))
            .Select(entry => entry.Item)
            .ToList();
    }

    // Up to 1 edit for short names, 2 for names of 8 characters or more; only the nearest names count.
    private List<T> ByTypo(string key)
    {
        var scored = entries
            .Select(entry => (entry.Item, Distance: TextKey.Distance(key, entry.Key), Allowed: entry.Key.Length >= 8 ? 2 : 1))
            .Where(candidate => candidate.Distance <= candidate.Allowed)
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(candidate => candidate.Distance);
        return scored.Where(candidate => candidate.Distance == best).Select(candidate => candidate.Item).ToList();
    }

    // Nearest names by edit distance to the whole name or to its start ("sto domingo" is near "santo domingo…").
    private T[] Suggestions(string key)
    {
        var limit = Math.Max(2, key.Length / 3);
        return entries
            .Select(entry => (entry.Item, Distance: Math.Min(
                TextKey.Distance(key, entry.Key),
                TextKey.Distance(key, entry.Key[..Math.Min(entry.Key.Length, key.Length)]))))
            .Where(candidate => candidate.Distance <= limit)
            .OrderBy(candidate => candidate.Distance)
            .ThenBy(candidate => name(candidate.Item), StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(candidate => candidate.Item)
            .ToArray();
    }
}
