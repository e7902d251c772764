using System.Globalization;
using System.Text;

namespace IessBot.Filing;

/// <summary>
/// A comparison key for names typed by citizens: accents, case, punctuation and extra spaces removed
/// ("  Los  Ríos. " → "los rios", "Cañar" → "canar").
/// </summary>
internal static class TextKey
{
    private static readonly HashSet<string> Particles = ["de", "del", "la", "las", "los", "el", "y"];

    public static string Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace && builder.Length > 0)
            {
                builder.Append(' ');
            }

            pendingSpace = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>The words of a key that carry meaning: "santo domingo de los tsachilas" → santo, domingo, tsachilas.</summary>
    public static string[] SignificantWords(string key) =>
        key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(word => !Particles.Contains(word)).ToArray();

    /// <summary>Optimal-string-alignment Damerau–Levenshtein distance: one swap of neighbours ("gauyas") counts as one edit.</summary>
    public static int Distance(string a, string b)
    {
        var previousRow = new int[b.Length + 1];
        var row = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(row[j] + 1, current[j - 1] + 1), row[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, previousRow[j - 2] + 1);
                }

                current[j] = best;
            }

            (previousRow, row, current) = (row, current, previousRow);
        }

        return row[b.Length];
    }
}
