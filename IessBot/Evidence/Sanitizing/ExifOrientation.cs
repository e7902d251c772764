using System.Buffers.Binary;

namespace IessBot.Evidence.Sanitizing;

/// <summary>
/// The one EXIF tag worth keeping: Orientation (0x0112 in IFD0, EXIF 2.32 §4.6.4), without which a phone photo
/// taken upright shows on its side. Everything else in EXIF (GPS, camera serial, owner, dates) is dropped.
/// </summary>
internal static class ExifOrientation
{
    private const ushort OrientationTag = 0x0112;
    private const ushort ShortType = 3;
    private const int TiffStart = 6; // after "Exif\0\0"

    /// <summary>The orientation (1–8) from an APP1 EXIF payload, or 0 when absent or unreadable.</summary>
    public static int Read(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < TiffStart + 8)
        {
            return 0;
        }
        var tiff = payload[TiffStart..];
        bool little;
        if (tiff.StartsWith("II*\0"u8))
        {
            little = true;
        }
        else if (tiff.StartsWith("MM\0*"u8))
        {
            little = false;
        }
        else
        {
            return 0;
        }
        var ifd = U32(tiff[4..], little);
        if (ifd > (uint)tiff.Length - 2)
        {
            return 0;
        }
        var count = U16(tiff[(int)ifd..], little);
        for (var i = 0; i < count; i++)
        {
            var entry = (int)ifd + 2 + (12 * i);
            if (entry + 12 > tiff.Length)
            {
                return 0;
            }
            if (U16(tiff[entry..], little) == OrientationTag && U16(tiff[(entry + 2)..], little) == ShortType)
            {
                int value = U16(tiff[(entry + 8)..], little);
                return value is >= 1 and <= 8 ? value : 0;
            }
        }
        return 0;
    }

    /// <summary>A complete APP1 segment (marker included) holding only the orientation, big-endian TIFF.</summary>
    public static byte[] Segment(int orientation) =>
    [
        0xFF, 0xE1, 0x00, 0x22,
        (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
        (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
        0x00, 0x01,
        0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, (byte)orientation, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
    ];

    private static ushort U16(ReadOnlySpan<byte> at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(at) : BinaryPrimitives.ReadUInt16BigEndian(at);

    private static uint U32(ReadOnlySpan<byte> at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(at) : BinaryPrimitives.ReadUInt32BigEndian(at);
}
