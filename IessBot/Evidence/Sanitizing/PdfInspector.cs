using System.Buffers;
using System.IO.Compression;

namespace IessBot.Evidence.Sanitizing;

/// <summary>
/// Refuses PDFs with active content: JavaScript (<c>/JS</c>, <c>/JavaScript</c>, which also covers an
/// <c>/OpenAction</c> or <c>/AA</c> that runs JavaScript), launch actions (<c>/Launch</c>) and embedded files
/// (<c>/EmbeddedFile</c>, <c>/EmbeddedFiles</c>). The file is read once, front to back, through a bounded window;
/// the bytes pass through unchanged. Compressed object streams (<c>/Type /ObjStm</c>, where PDF 1.5+ writers put
/// most dictionaries) are inflated while scanning, up to <see cref="MaxInflatedBytes"/> per file. Other stream
/// data (pictures, page content) is skipped: it holds no actions.
/// </summary>
/// <remarks>
/// Not covered, on purpose: an object hidden inside the data of a picture stream and reached only through a
/// crafted cross-reference table. Object streams this code cannot read (other filters, predictors, encrypted
/// PDFs' object streams, corrupt data) make the file refused as damaged rather than accepted unchecked.
/// </remarks>
internal static class PdfInspector
{
    /// <summary>Zip-bomb guard: inflated object-stream bytes per file.</summary>
    public const long MaxInflatedBytes = 64L * 1024 * 1024;

    private static ReadOnlySpan<byte> EndStream => "endstream"u8;

    public static async Task InspectAsync(ByteSource input, CancellationToken cancellationToken)
    {
        var scanner = new PdfSyntaxScanner(stopAtStreams: true);
        long inflated = 0;
        while (await input.FillAsync(cancellationToken).ConfigureAwait(false))
        {
            var consumed = scanner.Feed(input.Available.Span);
            input.Advance(consumed);
            ThrowIfFound(scanner);
            if (scanner.AtStreamData)
            {
                await SkipEndOfLineAsync(input, scanner.StreamEndOfLine, cancellationToken).ConfigureAwait(false);
                inflated += await StreamDataAsync(input, scanner.Object, MaxInflatedBytes - inflated, cancellationToken).ConfigureAwait(false);
                scanner.StreamDone();
            }
        }
        scanner.Finish();
        ThrowIfFound(scanner);
    }

    /// <summary>Reads one stream's data up to <c>endstream</c>; returns the bytes inflated from it.</summary>
    private static async ValueTask<long> StreamDataAsync(ByteSource input, PdfSyntaxScanner.StreamKind kind, long inflateBudget, CancellationToken cancellationToken)
    {
        var data = new StreamData(input);
        if (!kind.HasFlag(PdfSyntaxScanner.StreamKind.ObjectStream))
        {
            await data.SkipAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        if (kind.HasFlag(PdfSyntaxScanner.StreamKind.OtherFilter) || kind.HasFlag(PdfSyntaxScanner.StreamKind.Predictor))
        {
            throw EvidenceRefusedException.Damaged("pdf object stream filter");
        }
        var objects = new PdfSyntaxScanner(stopAtStreams: false);
        long total;
        try
        {
            var content = kind.HasFlag(PdfSyntaxScanner.StreamKind.Flate) ? new ZLibStream(data, CompressionMode.Decompress, leaveOpen: true) : (Stream)data;
            await using (content.ConfigureAwait(false))
            {
                total = await ScanObjectsAsync(content, objects, inflateBudget, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (InvalidDataException)
        {
            throw EvidenceRefusedException.Damaged("pdf object stream data");
        }
        await data.SkipAsync(cancellationToken).ConfigureAwait(false);
        return total;
    }

    private static async ValueTask<long> ScanObjectsAsync(Stream content, PdfSyntaxScanner objects, long budget, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > budget)
                {
                    throw EvidenceRefusedException.Damaged("pdf inflated size");
                }
                objects.Feed(buffer.AsSpan(0, read));
                ThrowIfFound(objects);
            }
            objects.Finish();
            ThrowIfFound(objects);
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async ValueTask SkipEndOfLineAsync(ByteSource input, byte endOfLine, CancellationToken cancellationToken)
    {
        if (endOfLine == '\r' && await input.FillAsync(cancellationToken).ConfigureAwait(false) && input.Available.Span[0] == '\n')
        {
            input.Advance(1);
        }
    }

    private static void ThrowIfFound(PdfSyntaxScanner scanner)
    {
        if (scanner.Finding is { } name)
        {
            throw new EvidenceRefusedException(EvidenceRejectionReason.PdfActiveContent, "/" + name);
        }
    }

    /// <summary>
    /// The data of one stream, read up to (and consuming) the next <c>endstream</c>. A file that ends before it is
    /// refused: a reader following the cross-reference table would see objects this scan would have skipped.
    /// </summary>
    private sealed class StreamData(ByteSource input) : Stream
    {
        private bool _ended;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public async ValueTask SkipAsync(CancellationToken cancellationToken)
        {
            while (await NextAsync(int.MaxValue, cancellationToken).ConfigureAwait(false) is var count and > 0)
            {
                input.Advance(count);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var count = await NextAsync(buffer.Length, cancellationToken).ConfigureAwait(false);
            input.Available[..count].CopyTo(buffer);
            input.Advance(count);
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        /// <summary>How many of the available bytes are stream data (at most <paramref name="max"/>); 0 at <c>endstream</c>.</summary>
        private async ValueTask<int> NextAsync(int max, CancellationToken cancellationToken)
        {
            if (_ended)
            {
                return 0;
            }
            if (!await input.EnsureAsync(EndStream.Length, cancellationToken).ConfigureAwait(false))
            {
                throw EvidenceRefusedException.Damaged("pdf stream without endstream");
            }
            var available = input.Available.Span;
            var at = available.IndexOf(EndStream);
            if (at == 0)
            {
                input.Advance(EndStream.Length);
                _ended = true;
                return 0;
            }
            // Without a match, the last bytes could be the start of a split "endstream": keep them for the next look.
            var data = at > 0 ? at : available.Length - (EndStream.Length - 1);
            return Math.Min(data, max);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
