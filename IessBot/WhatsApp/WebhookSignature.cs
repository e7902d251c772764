using System.Security.Cryptography;
using System.Text;

namespace IessBot.WhatsApp;

/// <summary>
/// <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>: HMAC-SHA256 with the app secret over the exact body bytes
/// (reference/whatsapp.md §3). Never over re-serialized JSON: Meta signs its ASCII-escaped bytes.
/// </summary>
internal static class WebhookSignature
{
    public const string HeaderName = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    public static bool IsValid(string? header, ReadOnlySpan<byte> body, string appSecret)
    {
        // Compared by decoded bytes, so upper-case hex from some SDKs is not a false refusal (§3 pitfall 4);
        // anything that is not "sha256=" + 64 hex characters is refused without an exception (§3 pitfall 5).
        if (header is null || header.Length != Prefix.Length + 64 || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        Span<byte> claimed = stackalloc byte[32];
        if (Convert.FromHexString(header.AsSpan(Prefix.Length), claimed, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }
        Span<byte> actual = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, actual);
        return CryptographicOperations.FixedTimeEquals(claimed, actual);
    }

    /// <summary>The header value for a body (used by tests and the benchmark to sign what they send).</summary>
    public static string Sign(ReadOnlySpan<byte> body, string appSecret) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    public static bool TokenMatches(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
