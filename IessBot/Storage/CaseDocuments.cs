using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IessBot.Cases;

namespace IessBot.Storage;

/// <summary>How every provider stores a case: one encrypted JSON document bound to its case number, plus a cédula blind index.</summary>
internal static class CaseDocuments
{
    /// <summary>Blind-index domain of cédulas (digits only).</summary>
    public const string CedulaDomain = "cedula";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Case numbers are case-insensitive: stored in canonical upper-case form.</summary>
    public static string NormalizeCaseNumber(string caseNumber) =>
        CaseNumber.TryParse(caseNumber, out var parsed) ? parsed.Value : caseNumber.Trim().ToUpperInvariant();

    public static byte[] CedulaIndex(PersonalDataProtector protector, string cedula) =>
        protector.BlindIndex(CedulaDomain, string.Concat(cedula.Where(char.IsAsciiDigit)));

    public static byte[] Protect(PersonalDataProtector protector, FiledCase filedCase) =>
        protector.Protect(JsonSerializer.SerializeToUtf8Bytes(filedCase, Options), Encoding.UTF8.GetBytes(filedCase.CaseNumber));

    /// <summary>UTC in round-trip form: sorts in time order as text, in SQLite and in Cosmos DB alike.</summary>
    public static string FiledAtText(DateTimeOffset filedAt) => filedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static void ValidatePageSize(CaseQuery query)
    {
        if (query.PageSize is < 1 or > CaseQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, $"The page size must be between 1 and {CaseQuery.MaxPageSize}.");
        }
    }

    /// <summary>
    /// Keyset paging: the token names the last case of a page (filed-at text and number), and the next page starts
    /// after it in the (filed at, case number) descending order. Unlike an offset, it stays correct while new cases
    /// arrive, and it reads the same in every provider.
    /// </summary>
    public static string ContinuationAfter(FiledCase last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"v1|{FiledAtText(last.FiledAt)}|{last.CaseNumber}"));

    public static (string FiledAt, string CaseNumber)? ReadContinuation(string? token)
    {
        if (token is null)
        {
            return null;
        }
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new ArgumentException("The continuation token is not valid.", nameof(token));
        }
        return text.Split('|') is ["v1", var filedAt, var number] && CaseNumber.TryParse(number, out _)
            ? (filedAt, number)
            : throw new ArgumentException("The continuation token is not valid.", nameof(token));
    }

    public static FiledCase Unprotect(PersonalDataProtector protector, byte[] document, string caseNumber) =>
        JsonSerializer.Deserialize<FiledCase>(protector.Unprotect(document, Encoding.UTF8.GetBytes(caseNumber)), Options)
            ?? throw new InvalidDataException($"The stored case {caseNumber} is empty.");
}
