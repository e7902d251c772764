namespace IessBot.Dialogs.Choices;

/// <summary>
/// Finds the choice a citizen meant (reference/botframework.md §6.5), predictably:
/// <list type="number">
/// <item>the whole answer equals a value, title or synonym (ignoring case, accents, punctuation) → score 1;</item>
/// <item>the answer is a number or Spanish ordinal ("2", "2.", "opción 2", "la segunda", "la última") → score 1;</item>
/// <item>otherwise the choice sharing the most words with the answer (filler words ignored, simple
/// plurals tolerated) wins, ties broken by word overlap (Jaccard, reported as the score).</item>
/// </list>
/// Two choices that match equally well are ambiguous: nothing is recognised.
/// </summary>
public static class ChoiceRecognizer
{
    private static readonly HashSet<string> FillerWords = new(StringComparer.Ordinal)
    {
        "a", "al", "con", "de", "del", "el", "en", "la", "las", "lo", "los", "me", "mi", "mis", "o", "para",
        "por", "que", "quiero", "deseo", "se", "su", "sus", "un", "una", "unos", "unas", "y", "favor",
    };

    private static readonly HashSet<string> NumberFillers = new(StringComparer.Ordinal)
    {
        "el", "la", "opcion", "numero", "nro", "num", "n", "elijo", "escojo", "quiero", "prefiero",
    };

    private static readonly Dictionary<string, int> Ordinals = new(StringComparer.Ordinal)
    {
        ["uno"] = 1,
        ["primero"] = 1,
        ["primera"] = 1,
        ["primer"] = 1,
        ["1ro"] = 1,
        ["1ra"] = 1,
        ["1ero"] = 1,
        ["1era"] = 1,
        ["dos"] = 2,
        ["segundo"] = 2,
        ["segunda"] = 2,
        ["2do"] = 2,
        ["2da"] = 2,
        ["tres"] = 3,
        ["tercero"] = 3,
        ["tercera"] = 3,
        ["tercer"] = 3,
        ["3ro"] = 3,
        ["3ra"] = 3,
        ["3ero"] = 3,
        ["3era"] = 3,
        ["cuatro"] = 4,
        ["cuarto"] = 4,
        ["cuarta"] = 4,
        ["4to"] = 4,
        ["4ta"] = 4,
        ["cinco"] = 5,
        ["quinto"] = 5,
        ["quinta"] = 5,
        ["5to"] = 5,
        ["5ta"] = 5,
        ["seis"] = 6,
        ["sexto"] = 6,
        ["sexta"] = 6,
        ["6to"] = 6,
        ["6ta"] = 6,
        ["siete"] = 7,
        ["septimo"] = 7,
        ["septima"] = 7,
        ["7mo"] = 7,
        ["7ma"] = 7,
        ["ocho"] = 8,
        ["octavo"] = 8,
        ["octava"] = 8,
        ["8vo"] = 8,
        ["8va"] = 8,
        ["nueve"] = 9,
        ["noveno"] = 9,
        ["novena"] = 9,
        ["9no"] = 9,
        ["9na"] = 9,
        ["diez"] = 10,
        ["decimo"] = 10,
        ["decima"] = 10,
        ["10mo"] = 10,
        ["10ma"] = 10,
    };

    public static FoundChoice? Recognize(string? utterance, IReadOnlyList<Choice> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var normalized = SpanishText.Normalize(utterance);
        if (normalized.Length == 0 || choices.Count == 0)
        {
            return null;
        }
        return MatchExactly(normalized, choices, out var ambiguous) is { } exact ? exact
            : ambiguous ? null
            : MatchNumber(normalized, choices) ?? MatchWords(normalized, choices);
    }

    private static FoundChoice? MatchExactly(string normalized, IReadOnlyList<Choice> choices, out bool ambiguous)
    {
        FoundChoice? found = null;
        ambiguous = false;
        for (var i = 0; i < choices.Count; i++)
        {
            var phrase = Phrases(choices[i]).FirstOrDefault(p => SpanishText.Normalize(p) == normalized);
            if (phrase is null)
            {
                continue;
            }
            if (found is not null)
            {
                ambiguous = true;
                return null;
            }
            found = new FoundChoice(choices[i].Value, i, 1.0, phrase);
        }
        return found;
    }

    private static FoundChoice? MatchNumber(string normalized, IReadOnlyList<Choice> choices)
    {
        var words = SpanishText.Tokenize(normalized).Where(word => !NumberFillers.Contains(word)).ToList();
        if (words.Count != 1)
        {
            return null;
        }
        var word = words[0];
        int? position = int.TryParse(word, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number
            : Ordinals.TryGetValue(word, out var ordinal) ? ordinal
            : word is "ultimo" or "ultima" ? choices.Count
            : null;
        return position is { } p && p >= 1 && p <= choices.Count
            ? new FoundChoice(choices[p - 1].Value, p - 1, 1.0, null)
            : null;
    }

    private static FoundChoice? MatchWords(string normalized, IReadOnlyList<Choice> choices)
    {
        var answer = ContentWords(normalized);
        if (answer.Count == 0)
        {
            return null;
        }
        (int Index, int Matched, double Overlap, string Phrase)? best = null;
        var tied = false;
        for (var i = 0; i < choices.Count; i++)
        {
            foreach (var phrase in Phrases(choices[i]))
            {
                var words = ContentWords(phrase);
                var matched = words.Count(word => answer.Any(candidate => SameWord(word, candidate)));
                if (matched == 0)
                {
                    continue;
                }
                var overlap = (double)matched / (words.Count + answer.Count - matched);
                var comparison = best is { } b ? (matched, overlap).CompareTo((b.Matched, b.Overlap)) : 1;
                if (comparison > 0)
                {
                    tied = false;
                    best = (i, matched, overlap, phrase);
                }
                else if (comparison == 0 && best!.Value.Index != i)
                {
                    tied = true;
                }
            }
        }
        return best is { } winner && !tied
            ? new FoundChoice(choices[winner.Index].Value, winner.Index, Math.Min(winner.Overlap, 1.0), winner.Phrase)
            : null;
    }

    private static IEnumerable<string> Phrases(Choice choice)
    {
        yield return choice.Value;
        if (choice.Action?.Title is { } title && title != choice.Value)
        {
            yield return title;
        }
        foreach (var synonym in choice.Synonyms ?? [])
        {
            yield return synonym;
        }
    }

    /// <summary>The words that carry meaning; a phrase made only of filler words keeps them all.</summary>
    private static List<string> ContentWords(string text)
    {
        var words = SpanishText.Tokenize(text).Distinct().ToList();
        var content = words.Where(word => !FillerWords.Contains(word)).ToList();
        return content.Count > 0 ? content : words;
    }

    private static bool SameWord(string a, string b) =>
        a == b || IsPlural(a, b) || IsPlural(b, a);

    private static bool IsPlural(string plural, string singular) =>
        singular.Length >= 3 && (plural == singular + "s" || plural == singular + "es");
}
