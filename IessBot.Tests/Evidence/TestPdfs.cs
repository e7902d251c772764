using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace IessBot.Tests.Evidence;

/// <summary>Small hand-written PDFs: plain ones, and ones with the active content the intake must refuse.</summary>
internal static class TestPdfs
{
    public static byte[] Plain() => Pdf("<< /Type /Catalog /Pages 2 0 R >>");

    public static byte[] WithOpenActionJavaScript() =>
        Pdf("<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\('hola'\\)) >> >>");

    /// <summary>The same action with its names hex-escaped (<c>/J#53</c>), as malware writers do.</summary>
    public static byte[] WithEscapedJavaScriptNames() =>
        Pdf("<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> >>");

    public static byte[] WithLaunchAction() =>
        Pdf("<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>");

    public static byte[] WithEmbeddedFiles() =>
        Pdf("<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >> >>");

    /// <summary>JavaScript only inside a FlateDecode object stream (PDF 1.5+), invisible to a plain byte search.</summary>
    public static byte[] WithJavaScriptInObjectStream() =>
        Pdf("<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>", ObjectStream("6 0 << /S /JavaScript /JS (this.print\\(\\)) >>"));

    public static byte[] WithHarmlessObjectStream() =>
        Pdf("<< /Type /Catalog /Pages 2 0 R >>", ObjectStream("6 0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /JSON 1 >>"));

    /// <summary>A picture whose compressed bytes happen to contain "/JS ": stream data is not PDF syntax.</summary>
    public static byte[] WithImageBytesLookingLikeNames() =>
        Pdf("<< /Type /Catalog /Pages 2 0 R >>", Stream("<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length 40 >>",
            Encoding.Latin1.GetBytes("\xFF\xD8 /JS /Launch /EmbeddedFile binary\xFF\xD9")));

    /// <summary>An object stream whose data is not zlib (an encrypted PDF's, or corrupt): it cannot be checked.</summary>
    public static byte[] WithUnreadableObjectStream() =>
        Pdf("<< /Type /Catalog /Pages 2 0 R >>", Stream("<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length 64 >>", RandomNumberGenerator.GetBytes(64)));

    /// <summary>A scanned-document style PDF of about <paramref name="length"/> bytes: one big picture stream.</summary>
    public static byte[] Large(int length)
    {
        var head = Encoding.Latin1.GetBytes("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
            "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Type /XObject /Subtype /Image /Filter /DCTDecode >>\nstream\n");
        var tail = Encoding.Latin1.GetBytes("\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
        var content = new byte[length];
        head.CopyTo(content, 0);
        new Random(length).NextBytes(content.AsSpan(head.Length, length - head.Length - tail.Length));
        tail.CopyTo(content, length - tail.Length);
        return content;
    }

    private static byte[] ObjectStream(string objects)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Encoding.Latin1.GetBytes(objects));
        }
        return Stream($"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length {compressed.Length} >>", compressed.ToArray());
    }

    private static byte[] Stream(string dictionary, byte[] data) =>
        [.. Encoding.Latin1.GetBytes($"5 0 obj\n{dictionary}\nstream\r\n"), .. data, .. Encoding.Latin1.GetBytes("\nendstream\nendobj\n")];

    private static byte[] Pdf(string catalog, byte[]? extra = null) =>
    [
        .. Encoding.Latin1.GetBytes($"%PDF-1.7\n1 0 obj\n{catalog}\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"),
        .. extra ?? [],
        .. Encoding.Latin1.GetBytes("trailer\n<< /Root 1 0 R >>\n%%EOF\n"),
    ];
}

/// <summary>Serves a byte array in reads of a few bytes, to prove parsers keep their state across reads.</summary>
internal sealed class TrickleStream(byte[] content, int readSize) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var take = Math.Min(Math.Min(count, readSize), content.Length - _position);
        content.AsSpan(_position, take).CopyTo(buffer.AsSpan(offset));
        _position += take;
        return take;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
