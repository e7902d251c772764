using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Text;

namespace IessBot.Evidence.Sanitizing;

/// <summary>
/// Removes hidden metadata from a PNG chunk by chunk (PNG 3rd edition §5), never decoding the picture. Critical
/// chunks (IHDR, PLTE, IDAT, IEND) are copied byte for byte with their CRCs; of the ancillary chunks only those
/// that change how the picture looks are kept. Everything else is dropped: tEXt, zTXt, iTXt (author, comments,
/// XMP), eXIf (GPS, camera), tIME, private chunks, and whatever follows IEND.
/// </summary>
internal static class PngSanitizer
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly FrozenSet<string> KeptAncillary = FrozenSet.ToFrozenSet(
    [
        "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "cICP", "mDCV", "cLLI", "bKGD", "hIST", "pHYs", "sPLT",
        "acTL", "fcTL", "fdAT",
    ], StringComparer.Ordinal);

    public static async Task SanitizeAsync(ByteSource input, EvidenceOutput output, CancellationToken cancellationToken)
    {
        if (!await input.EnsureAsync(Signature.Length, cancellationToken).ConfigureAwait(false) || !input.Available.Span.StartsWith(Signature))
        {
            throw EvidenceRefusedException.Damaged("png signature");
        }
        await input.CopyAsync(Signature.Length, output, cancellationToken).ConfigureAwait(false);

        while (true)
        {
            if (!await input.EnsureAsync(8, cancellationToken).ConfigureAwait(false))
            {
                throw EvidenceRefusedException.Damaged("png chunk");
            }
            var header = input.Available.Span[..8];
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = header[4..8];
            if (length > int.MaxValue || !IsChunkType(type))
            {
                throw EvidenceRefusedException.Damaged("png chunk");
            }
            var isEnd = type.SequenceEqual("IEND"u8);
            var chunkLength = 12L + length;
            if (IsKept(type))
            {
                await input.CopyAsync(chunkLength, output, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await input.SkipAsync(chunkLength, cancellationToken).ConfigureAwait(false);
            }
            if (isEnd)
            {
                await input.DrainAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>Critical chunks (upper-case first letter) always; ancillary ones only from the list.</summary>
    private static bool IsKept(ReadOnlySpan<byte> type) =>
        char.IsAsciiLetterUpper((char)type[0]) || KeptAncillary.Contains(Encoding.ASCII.GetString(type));

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                return false;
            }
        }
        return true;
    }
}
