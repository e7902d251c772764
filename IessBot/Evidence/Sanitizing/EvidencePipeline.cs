using System.Runtime.CompilerServices;
using System.IO.Pipelines;

namespace IessBot.Evidence.Sanitizing;

/// <summary>
/// The bytes that reach the evidence store: the citizen's file as its format parser passes it on (JPEG and PNG
/// without their metadata, PDF unchanged once checked). The parser runs as the producer of a pipe whose reading
/// end is <see cref="Output"/>; the pipe holds at most <see cref="PauseBytes"/>, so a file in flight costs a few
/// hundred kilobytes whatever its size. A refusal inside the parser (<see cref="EvidenceRefusedException"/>) or a
/// limit or read error surfaces to the store's read as the same exception.
/// </summary>
internal sealed class EvidencePipeline : IAsyncDisposable
{
    public const int PauseBytes = 256 * 1024;

    private readonly Pipe _pipe = new(new PipeOptions(
        pauseWriterThreshold: PauseBytes, resumeWriterThreshold: PauseBytes / 2, minimumSegmentSize: 16 * 1024, useSynchronizationContext: false));
    private readonly Task _producer;

    private EvidencePipeline(Stream input, EvidenceFileType fileType, CancellationToken cancellationToken)
    {
        Output = _pipe.Reader.AsStream();
        _producer = Task.Run(() => ProduceAsync(input, fileType, cancellationToken), CancellationToken.None);
    }

    /// <summary>The sanitised file, to be read once, front to back.</summary>
    public Stream Output { get; }

    public static EvidencePipeline Start(Stream input, EvidenceFileType fileType, CancellationToken cancellationToken) =>
        new(input, fileType, cancellationToken);

    /// <summary>Sanitises a whole file into <paramref name="destination"/> (tests and the benchmark).</summary>
    public static async Task CopyAsync(Stream input, EvidenceFileType fileType, Stream destination, CancellationToken cancellationToken)
    {
        await using var pipeline = Start(input, fileType, cancellationToken);
        await pipeline.Output.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    private async Task ProduceAsync(Stream input, EvidenceFileType fileType, CancellationToken cancellationToken)
    {
        var output = new EvidenceOutput(_pipe.Writer);
        try
        {
            if (fileType == EvidenceFileType.Jpeg)
            {
                using var source = new ByteSource(input);
                await JpegSanitizer.SanitizeAsync(source, output, cancellationToken).ConfigureAwait(false);
            }
            else if (fileType == EvidenceFileType.Png)
            {
                using var source = new ByteSource(input);
                await PngSanitizer.SanitizeAsync(source, output, cancellationToken).ConfigureAwait(false);
            }
            else if (fileType == EvidenceFileType.Pdf)
            {
                using var source = new ByteSource(new TeeStream(input, output));
                await PdfInspector.InspectAsync(source, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                throw new EvidenceRefusedException(EvidenceRejectionReason.UnsupportedType, fileType.Name);
            }
            await _pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await _pipe.Writer.CompleteAsync(exception).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Stops the producer if the store gave up early, then waits for it so nothing reads the channel afterwards.
        await Output.DisposeAsync().ConfigureAwait(false);
        await _producer.ConfigureAwait(false);
    }

    /// <summary>Passes every byte read from the file on to the output: the PDF is checked, not changed.</summary>
    private sealed class TeeStream(Stream inner, EvidenceOutput output) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(buffer[..read], cancellationToken).ConfigureAwait(false);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
