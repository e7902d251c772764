using System.Globalization;
using System.Text;

namespace IessBot.Filing.Validation;

public enum DescriptionFailure
{
    TooShort,
    TooLong,
}

/// <summary>
/// The outcome of checking a description. <see cref="Length"/> is what the citizen is told ("usted escribió N
/// caracteres"); <see cref="Normalized"/> (what to store) has exactly that many characters.
/// </summary>
public sealed record DescriptionCheck(string Normalized, int Length, DescriptionFailure? Failure)
{
    public bool IsValid => Failure is null;
}

/// <summary>The free-text account of the facts: long enough to act on (where, when, who, what), short enough to read.</summary>
public static class DescriptionRule
{
    public const int MinLength = 30;
    public const int MaxLength = 4000;

    public static DescriptionCheck Check(string? input)
    {
        var normalized = Normalize(input);
        // Counted in text elements so that an accent or an emoji is one character, as the citizen sees it.
        var length = new StringInfo(normalized).LengthInTextElements;
        DescriptionFailure? failure = length switch
        {
            < MinLength => DescriptionFailure.TooShort,
            > MaxLength => DescriptionFailure.TooLong,
            _ => null,
        };
        return new DescriptionCheck(normalized, length, failure);
    }

    /// <summary>
    /// Trims, turns each run of spaces into one space and each run of line breaks (with blank lines) into one line
    /// break, so paragraphs survive but padding does not count. NFC first: some phones send accents decomposed.
    /// </summary>
    public static string Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return "";
        }

        var text = input.Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(text.Length);
        char? pending = null;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pending = c is '\n' or '\r' || pending == '\n' ? '\n' : ' ';
                continue;
            }

            if (pending is { } separator && builder.Length > 0)
            {
                builder.Append(separator);
            }

            pending = null;
            builder.Append(c);
        }

        return builder.ToString();
    }
}
