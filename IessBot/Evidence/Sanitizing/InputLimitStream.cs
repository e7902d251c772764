using System.Runtime.CompilerServices;
namespace IessBot.Evidence.Sanitizing;

/// <summary>
/// Counts the citizen's bytes as they arrive and stops at one byte past the limit, before anything is
/// sanitised: a file whose metadata would be stripped still cannot make the bot read more than the limit.
/// </summary>
internal sealed class InputLimitStream(Stream inner, long maxBytes) : Stream
{
    private long _total;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // Never ask for more than one byte past the limit: an oversize upload is not read further.
        var wanted = (int)Math.Min(buffer.Length, maxBytes - _total + 1);
        var read = await inner.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        _total += read;
        if (_total > maxBytes)
        {
            throw new EvidenceTooLargeException(maxBytes);
        }
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
