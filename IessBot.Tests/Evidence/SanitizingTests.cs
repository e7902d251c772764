using System.Text;
using IessBot.Evidence;
using IessBot.Evidence.Sanitizing;

namespace IessBot.Tests.Evidence;

public sealed class SanitizingTests
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task A_jpeg_with_gps_exif_comes_out_without_any_metadata_and_with_the_same_pixels()
    {
        var original = TestImages.EncodeJpeg();
        var fromPhone = TestImages.WithPhoneMetadata(original);

        var clean = await SanitizeAsync(fromPhone, EvidenceFileType.Jpeg);

        var markers = TestImages.JpegSegments(clean).Select(s => s.Marker).ToList();
        Assert.DoesNotContain((byte)0xED, markers);
        Assert.DoesNotContain((byte)0xFE, markers);
        Assert.All(TestImages.JpegSegments(clean).Where(s => s.Marker == 0xE2), s => Assert.StartsWith("ICC_PROFILE", Encoding.ASCII.GetString(s.Payload)));
        Assert.Equal(-1, clean.AsSpan().IndexOf(TestImages.GpsLatitudeRationals));
        Assert.Equal(-1, clean.AsSpan().IndexOf(TestImages.GpsLongitudeRationals));
        Assert.Equal(-1, clean.AsSpan().IndexOf(Encoding.ASCII.GetBytes(TestImages.CameraMake)));
        Assert.Equal(-1, clean.AsSpan().IndexOf("Maria"u8));
        Assert.Equal(-1, clean.AsSpan().IndexOf("1710034065"u8));
        Assert.Equal(-1, clean.AsSpan().IndexOf("hidden after EOI"u8));
        Assert.Equal(TestImages.ScanData(original), TestImages.ScanData(clean));
        Assert.Equal(TestImages.Pixels(original), TestImages.Pixels(clean));
        Assert.Equal([0xFF, 0xD9], clean[^2..]);
    }

    [Fact]
    public async Task The_exif_orientation_alone_survives_so_a_portrait_photo_still_shows_upright()
    {
        var clean = await SanitizeAsync(TestImages.WithPhoneMetadata(TestImages.EncodeJpeg()), EvidenceFileType.Jpeg);

        var exif = Assert.Single(TestImages.JpegSegments(clean), s => s.Marker == 0xE1).Payload;
        Assert.Equal(32, exif.Length);
        Assert.Equal(6, ExifOrientation.Read(exif));
    }

    [Fact]
    public async Task A_jpeg_without_metadata_is_stored_byte_for_byte()
    {
        var original = TestImages.EncodeJpeg();

        Assert.Equal(original, await SanitizeAsync(original, EvidenceFileType.Jpeg));
    }

    [Fact]
    public async Task A_png_loses_its_text_exif_and_time_chunks_and_keeps_its_image_data_identical()
    {
        var original = TestImages.EncodePng();
        var chunks = TestImages.PngChunks(original);
        var withText = new List<byte[]> { TestImages.PngSignature, chunks[0].Bytes };
        withText.Add(TestImages.Chunk("tEXt", "Author\0Maria Perez"u8));
        withText.Add(TestImages.Chunk("zTXt", "Comment\0\0x"u8));
        withText.Add(TestImages.Chunk("iTXt", "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>GPS</x:xmpmeta>"u8));
        withText.Add(TestImages.Chunk("eXIf", TestImages.ExifWithGps()));
        withText.Add(TestImages.Chunk("tIME", [0x07, 0xE9, 3, 1, 10, 5, 0]));
        withText.Add(TestImages.Chunk("prVt", "1710034065"u8));
        withText.AddRange(chunks.Skip(1).Select(c => c.Bytes));
        withText.Add("hidden after IEND"u8.ToArray());
        var fromEditor = withText.SelectMany(b => b).ToArray();

        var clean = await SanitizeAsync(fromEditor, EvidenceFileType.Png);

        var types = TestImages.PngChunks(clean).Select(c => c.Type).ToList();
        Assert.DoesNotContain(types, t => t is "tEXt" or "zTXt" or "iTXt" or "eXIf" or "tIME" or "prVt");
        Assert.Equal(chunks.Where(c => c.Type == "IDAT").Select(c => c.Bytes), TestImages.PngChunks(clean).Where(c => c.Type == "IDAT").Select(c => c.Bytes));
        Assert.Equal(chunks.Select(c => c.Type), types);
        Assert.Equal(original, clean);
        Assert.Equal(TestImages.Pixels(original), TestImages.Pixels(clean));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Metadata_is_found_whatever_size_the_channel_reads_come_in(int readSize)
    {
        var fromPhone = TestImages.WithPhoneMetadata(TestImages.EncodeJpeg());
        var whole = await SanitizeAsync(fromPhone, EvidenceFileType.Jpeg);

        var trickled = new MemoryStream();
        await EvidencePipeline.CopyAsync(new TrickleStream(fromPhone, readSize), EvidenceFileType.Jpeg, trickled, _ct);

        Assert.Equal(whole, trickled.ToArray());
    }

    [Fact]
    public async Task A_jpeg_cut_inside_its_picture_data_keeps_what_arrived()
    {
        var original = TestImages.EncodeJpeg();
        var cut = original[..(original.Length - 100)];

        var clean = await SanitizeAsync(cut, EvidenceFileType.Jpeg);

        Assert.Equal(cut.Length, clean.Length);
    }

    [Fact]
    public async Task A_jpeg_cut_inside_a_header_segment_is_damaged()
    {
        var original = TestImages.WithPhoneMetadata(TestImages.EncodeJpeg());

        var refused = await Assert.ThrowsAsync<EvidenceRefusedException>(() => SanitizeAsync(original[..40], EvidenceFileType.Jpeg));

        Assert.Equal(EvidenceRejectionReason.Damaged, refused.Reason);
    }

    [Fact]
    public async Task A_png_with_a_broken_chunk_length_is_damaged()
    {
        byte[] broken = [.. TestImages.PngSignature, 0xFF, 0xFF, 0xFF, 0xFF, .. "IHDR"u8];

        var refused = await Assert.ThrowsAsync<EvidenceRefusedException>(() => SanitizeAsync(broken, EvidenceFileType.Png));

        Assert.Equal(EvidenceRejectionReason.Damaged, refused.Reason);
    }

    public static readonly TheoryData<string, byte[]> ActivePdfs = new()
    {
        { "JavaScript", TestPdfs.WithOpenActionJavaScript() },
        { "JavaScript", TestPdfs.WithEscapedJavaScriptNames() },
        { "Launch", TestPdfs.WithLaunchAction() },
        { "EmbeddedFiles", TestPdfs.WithEmbeddedFiles() },
        { "JavaScript", TestPdfs.WithJavaScriptInObjectStream() },
    };

    [Theory]
    [MemberData(nameof(ActivePdfs))]
    public async Task A_pdf_with_active_content_is_refused(string name, byte[] pdf)
    {
        var refused = await Assert.ThrowsAsync<EvidenceRefusedException>(() => SanitizeAsync(pdf, EvidenceFileType.Pdf));

        Assert.Equal(EvidenceRejectionReason.PdfActiveContent, refused.Reason);
        Assert.Equal("/" + name, refused.Detail);
    }

    [Fact]
    public async Task Active_content_split_across_reads_is_still_found()
    {
        foreach (var pdf in new[] { TestPdfs.WithEscapedJavaScriptNames(), TestPdfs.WithJavaScriptInObjectStream() })
        {
            var trickled = new MemoryStream();
            await Assert.ThrowsAsync<EvidenceRefusedException>(() => EvidencePipeline.CopyAsync(new TrickleStream(pdf, 3), EvidenceFileType.Pdf, trickled, _ct));
        }
    }

    public static readonly TheoryData<byte[]> HarmlessPdfs = new()
    {
        TestPdfs.Plain(),
        TestPdfs.WithHarmlessObjectStream(),
        TestPdfs.WithImageBytesLookingLikeNames(),
    };

    [Theory]
    [MemberData(nameof(HarmlessPdfs))]
    public async Task A_pdf_without_active_content_passes_unchanged(byte[] pdf)
    {
        Assert.Equal(pdf, await SanitizeAsync(pdf, EvidenceFileType.Pdf));
    }

    [Fact]
    public async Task A_pdf_whose_object_stream_cannot_be_read_is_refused_as_damaged()
    {
        var refused = await Assert.ThrowsAsync<EvidenceRefusedException>(() => SanitizeAsync(TestPdfs.WithUnreadableObjectStream(), EvidenceFileType.Pdf));

        Assert.Equal(EvidenceRejectionReason.Damaged, refused.Reason);
    }

    [Fact]
    public async Task A_pdf_that_ends_inside_stream_data_is_refused_as_damaged()
    {
        var pdf = TestPdfs.Large(50_000)[..30_000];

        var refused = await Assert.ThrowsAsync<EvidenceRefusedException>(() => SanitizeAsync(pdf, EvidenceFileType.Pdf));

        Assert.Equal(EvidenceRejectionReason.Damaged, refused.Reason);
    }

    private async Task<byte[]> SanitizeAsync(byte[] content, EvidenceFileType type)
    {
        var output = new MemoryStream();
        await EvidencePipeline.CopyAsync(new MemoryStream(content), type, output, _ct);
        return output.ToArray();
    }
}
