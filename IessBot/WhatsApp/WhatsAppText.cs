using System.Net;
using System.Text.RegularExpressions;

namespace IessBot.WhatsApp;

/// <summary>
/// Activity Markdown → WhatsApp formatting (reference/whatsapp.md §7.1), and splitting of long texts. The web chat
/// keeps real Markdown: this conversion belongs to the WhatsApp channel only.
/// </summary>
internal static partial class WhatsAppText
{
    /// <summary>Meta's limit is 4096; UTF-16 units are counted and a margin kept, since Meta does not say what it counts (§7.1).</summary>
    public const int MaxTextLength = 4000;
    public const int MaxButtonBodyLength = 1024;

    public static string FromMarkdown(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return "";
        }
        var text = HtmlTag().Replace(markdown, "");
        text = WebUtility.HtmlDecode(text);
        text = Link().Replace(text, match => match.Groups[1].Value == match.Groups[2].Value
            ? match.Groups[2].Value
            : $"{match.Groups[1].Value}: {match.Groups[2].Value}");
        // Italic first (single * → _), so that the single * of headings and bold produced next is not taken for italic.
        text = Italic().Replace(text, "_$1_");
        text = Heading().Replace(text, "*$1*");
        text = Bold().Replace(text, "*$2*");
        text = Strike().Replace(text, "~$1~");
        return text;
    }

    /// <summary>
    /// Pieces of at most <paramref name="maxLength"/> UTF-16 units, cut at a paragraph, else a line, else a sentence,
    /// else a space, and never inside a surrogate pair.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int maxLength = MaxTextLength)
    {
        var pieces = new List<string>();
        var rest = text.AsSpan().Trim();
        while (rest.Length > maxLength)
        {
            var window = rest[..maxLength];
            var cut = BestCut(window);
            pieces.Add(rest[..cut].TrimEnd().ToString());
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0 || pieces.Count == 0)
        {
            pieces.Add(rest.ToString());
        }
        return pieces;
    }

    private static int BestCut(ReadOnlySpan<char> window)
    {
        var minimum = window.Length / 2;
        foreach (var separator in (ReadOnlySpan<string>)["\n\n", "\n", ". ", " "])
        {
            var at = window.LastIndexOf(separator, StringComparison.Ordinal);
            if (at >= minimum)
            {
                return at + separator.Length;
            }
        }
        // No boundary in reach: cut hard, but not between the halves of a surrogate pair.
        return char.IsHighSurrogate(window[^1]) ? window.Length - 1 : window.Length;
    }

    /// <summary>At most <paramref name="maxLength"/> characters, cut at a word and without trailing connectors ("Santo Domingo de los" → "Santo Domingo").</summary>
    public static string Shorten(string title, int maxLength)
    {
        if (title.Length <= maxLength)
        {
            return title;
        }
        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var result = "";
        foreach (var word in words)
        {
            var next = result.Length == 0 ? word : result + " " + word;
            if (next.Length > maxLength)
            {
                break;
            }
            result = next;
        }
        var kept = result.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (kept.Count > 1 && IsConnector(kept[^1]))
        {
            kept.RemoveAt(kept.Count - 1);
        }
        result = string.Join(' ', kept);
        if (result.Length == 0)
        {
            var hard = title[..maxLength];
            result = char.IsHighSurrogate(hard[^1]) ? hard[..^1] : hard;
        }
        return result;
    }

    private static bool IsConnector(string word) =>
        word.ToLowerInvariant() is "de" or "del" or "la" or "las" or "los" or "el" or "y" or "e" or "o" or "en" or "a" or "por" or "para";

    [GeneratedRegex(@"</?[A-Za-z][^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[([^\]\n]+)\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(?<![*\w])\*(?![\s*])([^*\n]+?)(?<![\s*])\*(?![*\w])")]
    private static partial Regex Italic();

    [GeneratedRegex(@"(\*\*|__)(?!\s)(.+?)(?<!\s)\1")]
    private static partial Regex Bold();

    [GeneratedRegex(@"~~(?!\s)(.+?)(?<!\s)~~")]
    private static partial Regex Strike();
}
