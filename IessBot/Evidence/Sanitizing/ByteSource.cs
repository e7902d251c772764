using System.Runtime.CompilerServices;
using System.Buffers;

namespace IessBot.Evidence.Sanitizing;

/// <summary>
/// A forward-only window over a stream for the format parsers: at most one buffer of the file is held
/// (<see cref="Capacity"/>), so a parser can look at a segment header or a whole JPEG segment (≤ 64 KB) at once
/// without the file ever being buffered whole.
/// </summary>
internal sealed class ByteSource(Stream inner) : IDisposable
{
    /// <summary>A JPEG segment payload (at most 65,533 bytes) fits whole; a power of two, as ArrayPool buckets are.</summary>
    public const int Capacity = 64 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Capacity);
    private int _start;
    private int _end;
    private bool _endOfStream;

    public ReadOnlyMemory<byte> Available => _buffer.AsMemory(_start, _end - _start);

    /// <summary>Makes at least <paramref name="count"/> bytes available; false when the stream ends first.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> EnsureAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        while (_end - _start < count)
        {
            if (_endOfStream)
            {
                return false;
            }
            if (_start > 0 && (_end == _buffer.Length || Capacity - _start < count))
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            var read = await inner.ReadAsync(_buffer.AsMemory(_end, Capacity - _end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }
            _end += read;
        }
        return true;
    }

    /// <summary>Makes some bytes available; false at the end of the stream.</summary>
    public ValueTask<bool> FillAsync(CancellationToken cancellationToken) => EnsureAsync(1, cancellationToken);

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _end - _start);
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Copies exactly <paramref name="count"/> bytes to <paramref name="output"/>; a file that ends first is damaged.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask CopyAsync(long count, EvidenceOutput output, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw EvidenceRefusedException.Damaged();
            }
            var take = (int)Math.Min(count, _end - _start);
            await output.WriteAsync(Available[..take], cancellationToken).ConfigureAwait(false);
            Advance(take);
            count -= take;
        }
    }

    /// <summary>Skips exactly <paramref name="count"/> bytes; a file that ends first is damaged.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SkipAsync(long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw EvidenceRefusedException.Damaged();
            }
            var take = (int)Math.Min(count, _end - _start);
            Advance(take);
            count -= take;
        }
    }

    /// <summary>Reads to the end without keeping anything (the malware scan still sees every byte).</summary>
    public async ValueTask DrainAsync(CancellationToken cancellationToken)
    {
        while (await FillAsync(cancellationToken).ConfigureAwait(false))
        {
            Advance(_end - _start);
        }
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }
}
