using System.Security.Cryptography;
using System.Text;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.Evidence;

public sealed class EvidenceIntakeTests : IDisposable
{
    private static readonly byte[] PngHeader = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly EmbeddedStorage _storage = new();
    private readonly MemoryContentSource _source = new();
    private readonly LogCapture _logs = new();
    private readonly EvidenceIntake _intake;
    private readonly CancellationToken _ct = CancellationToken.None;

    public EvidenceIntakeTests()
    {
        var loggers = LoggerFactory.Create(builder => builder.AddProvider(_logs));
        var sources = new ServiceCollection().AddSingleton<IAttachmentContentSource>(_source).BuildServiceProvider();
        _intake = new EvidenceIntake(new AttachmentContent(sources), _storage.Evidence, Options.Create(new EvidenceLimits()), loggers.CreateLogger<EvidenceIntake>());
    }

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_png_named_pdf_is_stored_as_a_png()
    {
        var content = Png(5000);
        var attachment = Attachment(_source.Add(content), "informe.pdf", "application/pdf");

        var result = await _intake.AcceptAsync(attachment, CaseType.Queja, _ct);

        Assert.True(result.IsAccepted);
        Assert.Equal("image/png", result.Evidence.ContentType);
        Assert.Equal("informe.pdf", result.Evidence.OriginalName);
        Assert.Equal(content.Length, result.Evidence.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), result.Evidence.Sha256);
        await using var stored = await _storage.Evidence.OpenReadAsync(result.Evidence.EvidenceId, _ct);
        var readBack = new MemoryStream();
        await stored!.CopyToAsync(readBack, _ct);
        Assert.Equal(content, readBack.ToArray());
    }

    [Fact]
    public async Task A_text_file_named_jpg_is_refused_and_nothing_is_stored()
    {
        var attachment = Attachment(_source.Add(Encoding.UTF8.GetBytes("Esto no es una foto.")), "foto.jpg", "image/jpeg");

        var result = await _intake.AcceptAsync(attachment, CaseType.Queja, _ct);

        Assert.False(result.IsAccepted);
        Assert.Equal(EvidenceRejectionReason.UnsupportedType, result.Rejection);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_storage.Evidence.Directory));
    }

    [Fact]
    public async Task An_empty_file_is_refused_as_empty()
    {
        var result = await _intake.AcceptAsync(Attachment(_source.Add([]), "vacio.pdf"), CaseType.Queja, _ct);

        Assert.Equal(EvidenceRejectionReason.Empty, result.Rejection);
    }

    [Fact]
    public async Task A_denuncia_file_over_twenty_megabytes_is_stopped_right_after_the_limit_with_nothing_left_on_disk()
    {
        var upload = new GeneratedStream(25 * EvidenceLimits.Megabyte, PngHeader);
        var attachment = Attachment(_source.Add(() => upload), "video.png");

        var result = await _intake.AcceptAsync(attachment, CaseType.Denuncia, _ct);

        Assert.Equal(EvidenceRejectionReason.TooLarge, result.Rejection);
        Assert.Equal(20 * EvidenceLimits.Megabyte, result.MaxBytes);
        Assert.InRange(upload.BytesRead, 20 * EvidenceLimits.Megabyte + 1, 20 * EvidenceLimits.Megabyte + 1);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_storage.Evidence.Directory));
    }

    [Fact]
    public async Task A_file_of_one_and_a_half_megabytes_is_too_large_for_a_queja_but_fine_for_a_denuncia()
    {
        var content = Png((int)(1.5 * EvidenceLimits.Megabyte));

        var queja = await _intake.AcceptAsync(Attachment(_source.Add(content), "a.png"), CaseType.Queja, _ct);
        var denuncia = await _intake.AcceptAsync(Attachment(_source.Add(content), "a.png"), CaseType.Denuncia, _ct);

        Assert.Equal(EvidenceRejectionReason.TooLarge, queja.Rejection);
        Assert.Equal(EvidenceLimits.Megabyte, queja.MaxBytes);
        Assert.True(denuncia.IsAccepted);
        Assert.Single(Directory.EnumerateFileSystemEntries(_storage.Evidence.Directory));
    }

    [Fact]
    public async Task A_file_the_channel_cannot_serve_is_unreadable()
    {
        var missing = await _intake.AcceptAsync(Attachment("https://attachments.test/missing", "a.pdf"), CaseType.Queja, _ct);
        var noUrl = await _intake.AcceptAsync(new Attachment { ContentType = "application/pdf", Name = "a.pdf" }, CaseType.Queja, _ct);

        Assert.Equal(EvidenceRejectionReason.Unreadable, missing.Rejection);
        Assert.Equal(EvidenceRejectionReason.Unreadable, noUrl.Rejection);
    }

    [Fact]
    public async Task A_download_that_breaks_midway_is_unreadable_and_leaves_nothing_on_disk()
    {
        var attachment = Attachment(_source.Add(() => new BreakingStream(PngHeader, breakAfter: 300_000)), "a.png");

        var result = await _intake.AcceptAsync(attachment, CaseType.Queja, _ct);

        Assert.Equal(EvidenceRejectionReason.Unreadable, result.Rejection);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_storage.Evidence.Directory));
    }

    [Theory]
    [InlineData("C:\\Users\\maria\\Documentos\\receta.pdf", "receta.pdf")]
    [InlineData("../../etc/passwd", "passwd.png")]
    [InlineData("factura\u202Egnp.exe", "facturagnp.exe")]
    [InlineData("línea\r\nnueva.png", "líneanueva.png")]
    [InlineData("   ", "evidencia.png")]
    [InlineData(null, "evidencia.png")]
    [InlineData("foto del turno", "foto del turno.png")]
    public void Original_names_are_kept_but_made_safe(string? name, string expected)
    {
        Assert.Equal(expected, EvidenceIntake.SanitizeName(name, EvidenceFileType.Png));
    }

    [Fact]
    public void Very_long_names_are_cut()
    {
        Assert.Equal(120, EvidenceIntake.SanitizeName(new string('a', 500) + ".pdf", EvidenceFileType.Pdf).Length);
    }

    [Fact]
    public async Task Nothing_about_the_file_is_logged()
    {
        var url = _source.Add(Png(100));

        await _intake.AcceptAsync(Attachment(url, "cedula-1710034065.png"), CaseType.Queja, _ct);
        await _intake.AcceptAsync(Attachment(_source.Add(Encoding.UTF8.GetBytes("maria@example.ec")), "maria.jpg"), CaseType.Queja, _ct);

        Assert.NotEmpty(_logs.Entries);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("1710034065", StringComparison.Ordinal)
            || e.Message.Contains("maria", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains(url, StringComparison.Ordinal));
    }

    private static Attachment Attachment(string url, string? name, string contentType = "application/octet-stream") =>
        new() { ContentUrl = url, Name = name, ContentType = contentType };

    private static byte[] Png(int length)
    {
        var content = RandomNumberGenerator.GetBytes(length);
        PngHeader.CopyTo(content, 0);
        return content;
    }

    /// <summary>A download that fails after some bytes, as a dropped connection does.</summary>
    private sealed class BreakingStream(byte[] header, int breakAfter) : Stream
    {
        private readonly GeneratedStream _inner = new(long.MaxValue, header);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            _inner.BytesRead >= breakAfter ? throw new IOException("connection reset") : _inner.Read(buffer, offset, count);

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
