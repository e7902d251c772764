using System.Globalization;

namespace IessBot.BotFramework.Schema;

/// <summary>
/// ISO 8601 date strings of the Activity schema (reference §1.1): <c>timestamp</c> and <c>expiration</c>
/// are UTC with <c>Z</c>; <c>localTimestamp</c> keeps the sender's offset. Every observed precision parses.
/// </summary>
internal static class WireTime
{
    private const string UtcFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";
    private const string LocalFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffzzz";

    /// <summary>The instant a wire string names, with its offset; null when absent or not a date (never rejected, spec A2005).</summary>
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    public static string? FormatUtc(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture);

    public static string? FormatLocal(DateTimeOffset? value) =>
        value?.ToString(LocalFormat, CultureInfo.InvariantCulture);
}
