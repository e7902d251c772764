using System.Globalization;
using System.Text;

namespace IessBot.Dialogs.Choices;

/// <summary>
/// Normalises what citizens type so that "Menú", "menu" and " ¿MENU? " compare equal: lower case,
/// no accents (ñ becomes n), no punctuation or whitespace around, single spaces inside.
/// </summary>
public static class SpanishText
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(char.ToLowerInvariant(c));
        }
        return TrimSymbols(builder.ToString());
    }

    /// <summary>The words of <paramref name="text"/>, normalised; punctuation separates words and is dropped.</summary>
    public static IReadOnlyList<string> Tokenize(string? text) =>
        SplitWhere(Normalize(text), static c => !char.IsLetterOrDigit(c));

    /// <summary>True when <paramref name="text"/> is one of <paramref name="phrases"/>, ignoring case, accents and surrounding punctuation.</summary>
    public static bool IsOneOf(string? text, params ReadOnlySpan<string> phrases)
    {
        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return false;
        }
        foreach (var phrase in phrases)
        {
            if (Normalize(phrase) == normalized)
            {
                return true;
            }
        }
        return false;
    }

    private static string TrimSymbols(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && !char.IsLetterOrDigit(text[start]))
        {
            start++;
        }
        while (end > start && !char.IsLetterOrDigit(text[end - 1]))
        {
            end--;
        }
        return text[start..end];
    }

    private static string[] SplitWhere(string text, Func<char, bool> isSeparator)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var separator = i == text.Length || isSeparator(text[i]);
            if (!separator && start < 0)
            {
                start = i;
            }
            else if (separator && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }
        return [.. words];
    }
}
