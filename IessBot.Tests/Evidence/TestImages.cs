using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace IessBot.Tests.Evidence;

/// <summary>Real JPEG and PNG files for the sanitiser tests, with the metadata a phone or an editor puts in them.</summary>
internal static class TestImages
{
    public static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Where a phone put the picture: 0°13'50.12"S 78°29'33.21"W (Quito), as EXIF rationals.</summary>
    public static readonly byte[] GpsLatitudeRationals = Rationals((0, 1), (13, 1), (5012, 100));
    public static readonly byte[] GpsLongitudeRationals = Rationals((78, 1), (29, 1), (3321, 100));
    public const string CameraMake = "SamsungTestCam";

    /// <summary>A JPEG encoded by Skia from a colourful gradient (the picture whose pixels must survive).</summary>
    public static byte[] EncodeJpeg(int width = 96, int height = 64, int quality = 90)
    {
        using var bitmap = Gradient(width, height);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    public static byte[] EncodePng(int width = 16, int height = 12)
    {
        using var bitmap = Gradient(width, height);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Decoded pixels (RGBA), for "the picture is unchanged".</summary>
    public static byte[] Pixels(byte[] encoded)
    {
        using var bitmap = SKBitmap.Decode(encoded) ?? throw new InvalidDataException("Skia could not decode the image.");
        using var rgba = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Assert.True(bitmap.CopyTo(rgba, SKColorType.Rgba8888));
        return rgba.GetPixelSpan().ToArray();
    }

    /// <summary>The JPEG with EXIF (camera, orientation 6, GPS), XMP, IPTC, a comment and bytes after EOI added.</summary>
    public static byte[] WithPhoneMetadata(byte[] jpeg)
    {
        var output = new MemoryStream();
        output.Write(jpeg.AsSpan(0, 2)); // SOI
        WriteSegment(output, 0xE1, [.. "Exif\0\0"u8, .. ExifWithGps()]);
        WriteSegment(output, 0xE1, Encoding.ASCII.GetBytes(
            "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>0,13.83S</exif:GPSLatitude><dc:creator>Maria Perez</dc:creator></x:xmpmeta>"));
        WriteSegment(output, 0xED, Encoding.ASCII.GetBytes("Photoshop 3.0\08BIM\u0004\u0004\0\0\0\0\0\u0010By-line: Maria Perez"));
        WriteSegment(output, 0xFE, Encoding.UTF8.GetBytes("Foto de María Pérez, cédula 1710034065"));
        WriteSegment(output, 0xE2, Encoding.ASCII.GetBytes("MPF\0II*\0 multi-picture index"));
        output.Write(jpeg.AsSpan(2));
        output.Write(Encoding.ASCII.GetBytes("trailing: hidden after EOI"));
        return output.ToArray();
    }

    /// <summary>The markers of a JPEG in order, with their payloads (scan data not included).</summary>
    public static List<(byte Marker, byte[] Payload)> JpegSegments(byte[] jpeg)
    {
        var segments = new List<(byte, byte[])>();
        var at = 2;
        while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF)
        {
            var marker = jpeg[at + 1];
            if (marker == 0xD9)
            {
                break;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
            segments.Add((marker, jpeg.AsSpan(at + 4, length - 2).ToArray()));
            at += 2 + length;
            if (marker == 0xDA)
            {
                break;
            }
        }
        return segments;
    }

    /// <summary>Everything from the first SOS to the end: scan headers, entropy-coded data, EOI.</summary>
    public static byte[] ScanData(byte[] jpeg)
    {
        for (var at = 2; at + 1 < jpeg.Length; at++)
        {
            if (jpeg[at] == 0xFF && jpeg[at + 1] == 0xDA)
            {
                var eoi = jpeg.AsSpan().LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]);
                return jpeg[at..(eoi + 2)];
            }
        }
        throw new InvalidDataException("No SOS marker.");
    }

    /// <summary>A PNG chunk with its CRC.</summary>
    public static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4, 4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>A valid 8×8 grey PNG of exactly <paramref name="length"/> bytes (at least 80): IDAT carries filler after its zlib data.</summary>
    public static byte[] PlainPng(int length)
    {
        var header = Chunk("IHDR", [0, 0, 0, 8, 0, 0, 0, 8, 8, 0, 0, 0, 0]);
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.NoCompression, leaveOpen: true))
        {
            zlib.Write(new byte[8 * 9]);
        }
        var overhead = PngSignature.Length + header.Length + 12 + (int)compressed.Length + 12;
        var filler = new byte[Math.Max(0, length - overhead)];
        new Random(length).NextBytes(filler);
        // Bytes after the zlib stream inside IDAT are ignored by decoders; enough for size tests.
        var idat = Chunk("IDAT", [.. compressed.ToArray(), .. filler]);
        return [.. PngSignature, .. header, .. idat, .. Chunk("IEND", [])];
    }

    /// <summary>Chunks of a PNG: type and the whole chunk bytes.</summary>
    public static List<(string Type, byte[] Bytes)> PngChunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        var at = 8;
        while (at + 12 <= png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            chunks.Add((type, png[at..(at + 12 + length)]));
            at += 12 + length;
            if (type == "IEND")
            {
                break;
            }
        }
        return chunks;
    }

    /// <summary>EXIF (little-endian TIFF) with Make, Orientation 6 and a GPS IFD with latitude and longitude.</summary>
    public static byte[] ExifWithGps()
    {
        // IFD0 at 8 (3 entries, ends at 50), Make at 50, GPS IFD at 66 (4 entries, ends at 120), rationals at 120 and 144.
        var exif = new byte[168];
        var s = exif.AsSpan();
        "II*\0"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(s[8..], 3);
        Entry(s[10..], 0x010F, 2, (uint)CameraMake.Length + 1, 50);
        Entry(s[22..], 0x0112, 3, 1, 6);
        Entry(s[34..], 0x8825, 4, 1, 66);
        Encoding.ASCII.GetBytes(CameraMake + "\0", s[50..]);
        BinaryPrimitives.WriteUInt16LittleEndian(s[66..], 4);
        Entry(s[68..], 0x0001, 2, 2, 'S');
        Entry(s[80..], 0x0002, 5, 3, 120);
        Entry(s[92..], 0x0003, 2, 2, 'W');
        Entry(s[104..], 0x0004, 5, 3, 144);
        GpsLatitudeRationals.CopyTo(s[120..]);
        GpsLongitudeRationals.CopyTo(s[144..]);
        return exif;
    }

    private static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(at, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32LittleEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(at[8..], value);
    }

    private static byte[] Rationals(params (uint Numerator, uint Denominator)[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8 * i), values[i].Numerator);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((8 * i) + 4), values[i].Denominator);
        }
        return bytes;
    }

    private static void WriteSegment(Stream output, byte marker, byte[] payload)
    {
        output.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        output.Write(payload);
    }

    private static SKBitmap Gradient(int width, int height)
    {
        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)((x * y) % 256)));
            }
        }
        return bitmap;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
