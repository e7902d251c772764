using System.Buffers;
using System.Security.Cryptography;
using IessBot.Evidence;

namespace IessBot.Storage;

/// <summary>How every provider writes an evidence file: counted against the limit, hashed, and encrypted in one pass.</summary>
internal static class EvidenceEncryption
{
    private const int CopyBufferSize = 81920;

    /// <summary>
    /// Encrypts <paramref name="content"/> onto <paramref name="destination"/>; returns the plaintext length and SHA-256.
    /// Throws <see cref="EvidenceTooLargeException"/> once more than <paramref name="maxBytes"/> were read.
    /// </summary>
    public static async Task<(long Length, string Sha256)> CopyEncryptedAsync(
        PersonalDataProtector protector, Stream content, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        await using var writer = protector.CreateEncryptingWriter(destination);
        try
        {
            long total = 0;
            while (true)
            {
                // Never ask for more than one byte past the limit: an oversize upload is not read further.
                var wanted = (int)Math.Min(buffer.Length, maxBytes - total + 1);
                var read = await content.ReadAsync(buffer.AsMemory(0, wanted), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                total += read;
                if (total > maxBytes)
                {
                    throw new EvidenceTooLargeException(maxBytes);
                }
                hash.AppendData(buffer, 0, read);
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>Evidence ids: 128 random bits in lower-case hex, carrying nothing about the citizen or the file.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsValidId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}
