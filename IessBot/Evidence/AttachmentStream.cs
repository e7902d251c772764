namespace IessBot.Evidence;

/// <summary>A failure reading the citizen's file from the channel (as opposed to a failure storing it).</summary>
internal sealed class AttachmentReadException(Exception inner) : IOException("The attachment could not be read.", inner);

/// <summary>
/// The attachment as the store reads it: the header bytes already peeked for type detection, then the rest of
/// the channel's stream. Read errors of the channel become <see cref="AttachmentReadException"/>.
/// </summary>
internal sealed class AttachmentStream(ReadOnlyMemory<byte> header, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> _header = header;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (TakeHeader(buffer) is var fromHeader and > 0)
        {
            return fromHeader;
        }
        try
        {
            return rest.Read(buffer);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new AttachmentReadException(exception);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TakeHeader(buffer.Span) is var fromHeader and > 0)
        {
            return fromHeader;
        }
        try
        {
            return await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new AttachmentReadException(exception);
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int TakeHeader(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _header.Length);
        _header.Span[..count].CopyTo(buffer);
        _header = _header[count..];
        return count;
    }
}
