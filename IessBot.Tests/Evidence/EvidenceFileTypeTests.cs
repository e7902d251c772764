using System.Text;
using IessBot.Evidence;

namespace IessBot.Tests.Evidence;

public sealed class EvidenceFileTypeTests
{
    public static readonly TheoryData<byte[], string> Headers = new()
    {
        { Encoding.ASCII.GetBytes("%PDF-1.7\n%"), "PDF" },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46], "JPEG" },
        { [0xFF, 0xD8, 0xFF, 0xE1], "JPEG" },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00], "PNG" },
        { Encoding.UTF8.GetBytes("Señores IESS, adjunto"), "Unknown" },
        { Encoding.ASCII.GetBytes("%PD"), "Unknown" },
        { Encoding.ASCII.GetBytes(" %PDF-1.7"), "Unknown" },
        { [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A], "Unknown" },
        { [0x50, 0x4B, 0x03, 0x04], "Unknown" },
        { [], "Unknown" },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void The_type_is_decided_by_the_first_bytes(byte[] header, string expected)
    {
        Assert.Equal(expected, EvidenceFileType.Detect(header).Name);
    }

    [Fact]
    public void Only_pdf_jpeg_and_png_are_accepted_with_their_real_content_types()
    {
        Assert.Equal("application/pdf", EvidenceFileType.Pdf.ContentType);
        Assert.Equal("image/jpeg", EvidenceFileType.Jpeg.ContentType);
        Assert.Equal("image/png", EvidenceFileType.Png.ContentType);
        Assert.True(EvidenceFileType.Pdf.IsAccepted && EvidenceFileType.Jpeg.IsAccepted && EvidenceFileType.Png.IsAccepted);
        Assert.False(EvidenceFileType.Unknown.IsAccepted);
    }
}
