using IessBot.Evidence.Sanitizing;

namespace IessBot.Evidence.Scanning;

/// <summary>
/// The citizen's file as received (before any metadata is stripped, so nothing hostile hides in a part the
/// sanitiser drops), passed on to the reader and to the malware scan at the same time. The end of the file is
/// reported only once the scanner's verdict is in: an infected file fails its last read, so the store never
/// completes it.
/// </summary>
internal sealed class ScanningStream(Stream inner, IMalwareScan scan) : Stream
{
    private bool _verdictGiven;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read > 0)
        {
            await scan.WriteAsync(buffer[..read], cancellationToken).ConfigureAwait(false);
            return read;
        }
        if (!_verdictGiven && buffer.Length > 0)
        {
            _verdictGiven = true;
            var verdict = await scan.CompleteAsync(cancellationToken).ConfigureAwait(false);
            if (verdict.IsInfected)
            {
                throw new EvidenceRefusedException(EvidenceRejectionReason.Infected, verdict.Signature ?? "malware");
            }
        }
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
