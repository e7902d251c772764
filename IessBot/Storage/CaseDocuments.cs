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

    public static FiledCase Unprotect(PersonalDataProtector protector, byte[] document, string caseNumber) =>
        JsonSerializer.Deserialize<FiledCase>(protector.Unprotect(document, Encoding.UTF8.GetBytes(caseNumber)), Options)
            ?? throw new InvalidDataException($"The stored case {caseNumber} is empty.");
}
