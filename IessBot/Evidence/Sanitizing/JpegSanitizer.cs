using System.Buffers.Binary;

namespace IessBot.Evidence.Sanitizing;

/// <summary>
/// Removes hidden metadata from a JPEG segment by segment (ITU T.81 Annex B), never decoding the picture: the
/// quantisation and Huffman tables, frame and scan headers and the entropy-coded data are copied byte for byte.
/// Dropped: APP1 (EXIF with GPS, camera and owner; XMP), APP13 (Photoshop/IPTC), COM, JFXX and MPF, every other
/// APPn, and whatever follows EOI. Kept for a faithful picture: APP0 JFIF (pixel density), APP2 ICC_PROFILE
/// (colour fidelity: without it wide-gamut phone photos look washed out) and APP14 Adobe (its colour-transform
/// flag changes how CMYK/YCCK pixels decode). The EXIF orientation is carried over as a minimal EXIF segment with
/// that one tag, so a portrait photo still shows upright.
/// </summary>
internal static class JpegSanitizer
{
    private const byte Soi = 0xD8, Eoi = 0xD9, Sos = 0xDA, Com = 0xFE;
    private const byte App0 = 0xE0, App1 = 0xE1, App2 = 0xE2, App14 = 0xEE, App15 = 0xEF;
    /// <summary>Enough of a segment to tell its kind ("ICC_PROFILE\0" is the longest identifier).</summary>
    private const int IdentifierLength = 12;

    private enum Action { Keep, Drop, OrientationOnly }

    public static async Task SanitizeAsync(ByteSource input, EvidenceOutput output, CancellationToken cancellationToken)
    {
        if (!await input.EnsureAsync(2, cancellationToken).ConfigureAwait(false) || !input.Available.Span.StartsWith((ReadOnlySpan<byte>)[0xFF, Soi]))
        {
            throw EvidenceRefusedException.Damaged("jpeg start");
        }
        await output.WriteAsync(input.Available[..2], cancellationToken).ConfigureAwait(false);
        input.Advance(2);

        while (true)
        {
            var marker = await ReadMarkerAsync(input, cancellationToken).ConfigureAwait(false);
            if (marker == Eoi)
            {
                await output.WriteAsync(new byte[] { 0xFF, Eoi }, cancellationToken).ConfigureAwait(false);
                await input.DrainAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                await output.WriteAsync(new byte[] { 0xFF, marker }, cancellationToken).ConfigureAwait(false);
                continue;
            }
            await SegmentAsync(input, output, marker, cancellationToken).ConfigureAwait(false);
            if (marker == Sos && !await CopyScanDataAsync(input, output, cancellationToken).ConfigureAwait(false))
            {
                // A file cut inside its scan data (common after an interrupted download) still shows what arrived.
                return;
            }
        }
    }

    /// <summary>The next marker code, past any fill bytes (0xFF); input is left after the marker.</summary>
    private static async ValueTask<byte> ReadMarkerAsync(ByteSource input, CancellationToken cancellationToken)
    {
        if (!await input.EnsureAsync(2, cancellationToken).ConfigureAwait(false) || input.Available.Span[0] != 0xFF)
        {
            throw EvidenceRefusedException.Damaged("jpeg marker");
        }
        input.Advance(1);
        while (true)
        {
            if (!await input.FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw EvidenceRefusedException.Damaged("jpeg marker");
            }
            var code = input.Available.Span[0];
            input.Advance(1);
            if (code == 0x00)
            {
                throw EvidenceRefusedException.Damaged("jpeg marker");
            }
            if (code != 0xFF)
            {
                return code;
            }
        }
    }

    /// <summary>A marker segment (length and payload follow the marker): copied, dropped or reduced to the orientation.</summary>
    private static async ValueTask SegmentAsync(ByteSource input, EvidenceOutput output, byte marker, CancellationToken cancellationToken)
    {
        if (!await input.EnsureAsync(2, cancellationToken).ConfigureAwait(false))
        {
            throw EvidenceRefusedException.Damaged("jpeg segment");
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(input.Available.Span);
        if (length < 2)
        {
            throw EvidenceRefusedException.Damaged("jpeg segment");
        }
        var payload = length - 2;
        var action = Action.Keep;
        if (marker is (>= App0 and <= App15) or Com)
        {
            await input.EnsureAsync(2 + Math.Min(payload, IdentifierLength), cancellationToken).ConfigureAwait(false);
            action = Classify(marker, input.Available.Span[2..Math.Min(input.Available.Length, 2 + Math.Min(payload, IdentifierLength))]);
        }

        if (action == Action.Keep)
        {
            await output.WriteAsync(new byte[] { 0xFF, marker }, cancellationToken).ConfigureAwait(false);
            await input.CopyAsync(length, output, cancellationToken).ConfigureAwait(false);
            return;
        }
        input.Advance(2);
        if (action == Action.OrientationOnly && await input.EnsureAsync(payload, cancellationToken).ConfigureAwait(false))
        {
            var orientation = ExifOrientation.Read(input.Available.Span[..payload]);
            if (orientation is > 1 and <= 8)
            {
                await output.WriteAsync(ExifOrientation.Segment(orientation), cancellationToken).ConfigureAwait(false);
            }
        }
        await input.SkipAsync(payload, cancellationToken).ConfigureAwait(false);
    }

    private static Action Classify(byte marker, ReadOnlySpan<byte> identifier) => marker switch
    {
        App0 when identifier.StartsWith("JFIF\0"u8) => Action.Keep,
        App1 when identifier.StartsWith("Exif\0"u8) => Action.OrientationOnly,
        App2 when identifier.StartsWith("ICC_PROFILE\0"u8) => Action.Keep,
        App14 when identifier.StartsWith("Adobe"u8) => Action.Keep,
        _ => Action.Drop,
    };

    /// <summary>
    /// Copies entropy-coded data up to the next marker that is not a restart marker; stuffed bytes (FF 00) and
    /// RSTn stay in place. False when the file ends inside the data.
    /// </summary>
    private static async ValueTask<bool> CopyScanDataAsync(ByteSource input, EvidenceOutput output, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!await input.EnsureAsync(2, cancellationToken).ConfigureAwait(false))
            {
                // One byte left at most: keep it unless it is half a marker.
                if (input.Available.Length == 1 && input.Available.Span[0] != 0xFF)
                {
                    await output.WriteAsync(input.Available, cancellationToken).ConfigureAwait(false);
                }
                return false;
            }
            var data = input.Available;
            var end = ScanDataLength(data.Span);
            await output.WriteAsync(data[..end], cancellationToken).ConfigureAwait(false);
            input.Advance(end);
            if (end < data.Length - 1)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// How many leading bytes belong to the scan data: up to (not including) the first 0xFF that starts a real
    /// marker, or up to the last byte when that byte is 0xFF and its successor is not here yet.
    /// </summary>
    private static int ScanDataLength(ReadOnlySpan<byte> data)
    {
        var at = 0;
        while (true)
        {
            var next = data[at..].IndexOf((byte)0xFF);
            if (next < 0)
            {
                return data.Length;
            }
            at += next;
            if (at == data.Length - 1)
            {
                return at;
            }
            var code = data[at + 1];
            if (code is 0x00 or (>= 0xD0 and <= 0xD7))
            {
                at += 2;
            }
            else if (code == 0xFF)
            {
                at += 1;
            }
            else
            {
                return at;
            }
            if (at >= data.Length)
            {
                return data.Length;
            }
        }
    }
}
