using System.Buffers;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace IessBot.Storage.Azure;

/// <summary>
/// A write-only stream onto a block blob: bytes are gathered into one pooled block buffer and staged as a block
/// whenever it fills; <see cref="CommitAsync"/> stages the rest and commits the block list, with headers and
/// metadata, only if no blob of that name exists. Nothing is visible before the commit.
/// </summary>
internal sealed class BlockUploadStream(BlockBlobClient blob, int blockSize = BlockUploadStream.DefaultBlockSize) : Stream
{
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    private readonly List<string> _blockIds = [];
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(blockSize);
    private int _filled;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var block = _buffer ?? throw new ObjectDisposedException(nameof(BlockUploadStream));
        while (!buffer.IsEmpty)
        {
            var count = Math.Min(blockSize - _filled, buffer.Length);
            buffer.Span[..count].CopyTo(block.AsSpan(_filled));
            _filled += count;
            buffer = buffer[count..];
            if (_filled == blockSize)
            {
                await StageAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public async Task CommitAsync(BlobHttpHeaders headers, IDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        if (_filled > 0 || _blockIds.Count == 0)
        {
            await StageAsync(cancellationToken).ConfigureAwait(false);
        }
        await blob.CommitBlockListAsync(_blockIds, new CommitBlockListOptions
        {
            HttpHeaders = headers,
            Metadata = metadata,
            // Ids are random; never overwrite a blob that is somehow already there.
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        }, cancellationToken).ConfigureAwait(false);
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    // Synchronous writes would block a thread on the network for every block.
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Write asynchronously.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            // The block held encrypted bytes only, but pooled memory is cleared anyway.
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
        base.Dispose(disposing);
    }

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        // Block ids must all have the same length within a blob.
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{_blockIds.Count:D6}"));
        using (var block = new MemoryStream(_buffer!, 0, _filled, writable: false))
        {
            await blob.StageBlockAsync(id, block, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        _blockIds.Add(id);
        _filled = 0;
    }
}
