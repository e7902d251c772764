using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace IessBot.Storage;

/// <summary>
/// Encrypted files: <c>["IEF" 0x01][key id 4][salt 32]</c> then chunks of up to 64 KiB, each AES-256-GCM
/// ciphertext followed by its 16-byte tag. Every file has its own key (HKDF of the files key and the salt);
/// the nonce is the chunk index plus a last-chunk flag (the STREAM construction), so reordered, dropped,
/// appended or truncated chunks fail to decrypt. Written and read in one pass, never whole in memory.
/// </summary>
internal static class EncryptedFileFormat
{
    public const int ChunkSize = 64 * 1024;
    public const int SaltSize = 32;
    public static ReadOnlySpan<byte> Magic => "IEF\u0001"u8;
    public static readonly int HeaderSize = Magic.Length + PersonalDataProtector.KeyIdSize + SaltSize;
    public const int StoredChunkSize = ChunkSize + PersonalDataProtector.TagSize;

    public static void ChunkNonce(Span<byte> nonce, ulong index, bool final)
    {
        nonce.Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce, index);
        nonce[^1] = final ? (byte)1 : (byte)0;
    }
}

/// <summary>
/// Writes plaintext as an encrypted file (<see cref="PersonalDataProtector.CreateEncryptingWriter"/>). Call <see cref="CompleteAsync"/> at the end, or the file is unreadable.
/// Its two chunk buffers come from the shared pool and go back, wiped, when it is disposed, and its awaits reuse pooled
/// state: a 20 MB upload writes two files (as received, then as sanitised) and should not leave 20 MB of garbage behind.
/// </summary>
public sealed class EncryptingStreamWriter : IAsyncDisposable
{
    private readonly Stream _destination;
    private readonly AesGcm _cipher;
    private readonly byte[] _header;
    private readonly byte[] _plain = ArrayPool<byte>.Shared.Rent(EncryptedFileFormat.ChunkSize);
    private readonly byte[] _output = ArrayPool<byte>.Shared.Rent(EncryptedFileFormat.StoredChunkSize);
    private bool _disposed;
    private int _filled;
    private ulong _index;
    private bool _headerWritten;
    private bool _completed;

    internal EncryptingStreamWriter(Stream destination, byte[] keyId, byte[] salt, byte[] fileKey)
    {
        _destination = destination;
        _cipher = new AesGcm(fileKey, PersonalDataProtector.TagSize);
        CryptographicOperations.ZeroMemory(fileKey);
        _header = [.. EncryptedFileFormat.Magic, .. keyId, .. salt];
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed || _disposed, this);
        await WriteHeaderAsync(cancellationToken).ConfigureAwait(false);
        while (!plaintext.IsEmpty)
        {
            // A full chunk is written only once more data follows: the last chunk must carry the last-chunk flag.
            if (_filled == EncryptedFileFormat.ChunkSize)
            {
                await WriteChunkAsync(final: false, cancellationToken).ConfigureAwait(false);
            }
            var count = Math.Min(EncryptedFileFormat.ChunkSize - _filled, plaintext.Length);
            plaintext.Span[..count].CopyTo(_plain.AsSpan(_filled));
            _filled += count;
            plaintext = plaintext[count..];
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed || _disposed, this);
        await WriteHeaderAsync(cancellationToken).ConfigureAwait(false);
        await WriteChunkAsync(final: true, cancellationToken).ConfigureAwait(false);
        _completed = true;
    }

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _cipher.Dispose();
            ArrayPool<byte>.Shared.Return(_plain, clearArray: true);
            ArrayPool<byte>.Shared.Return(_output);
        }
        return ValueTask.CompletedTask;
    }

    private async ValueTask WriteHeaderAsync(CancellationToken cancellationToken)
    {
        if (!_headerWritten)
        {
            await _destination.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
            _headerWritten = true;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WriteChunkAsync(bool final, CancellationToken cancellationToken)
    {
        Span<byte> nonce = stackalloc byte[PersonalDataProtector.NonceSize];
        EncryptedFileFormat.ChunkNonce(nonce, _index, final);
        _cipher.Encrypt(nonce, _plain.AsSpan(0, _filled), _output.AsSpan(0, _filled), _output.AsSpan(_filled, PersonalDataProtector.TagSize));
        await _destination.WriteAsync(_output.AsMemory(0, _filled + PersonalDataProtector.TagSize), cancellationToken).ConfigureAwait(false);
        _index++;
        _filled = 0;
    }
}

/// <summary>The plaintext of an encrypted file, decrypted chunk by chunk as it is read (chunk buffers pooled, as the writer's).</summary>
internal sealed class DecryptingStream(Stream source, byte[] keyId, Func<byte[], byte[]> fileKey) : Stream
{
    private readonly byte[] _stored = ArrayPool<byte>.Shared.Rent(EncryptedFileFormat.StoredChunkSize);
    private readonly byte[] _plain = ArrayPool<byte>.Shared.Rent(EncryptedFileFormat.ChunkSize);
    private readonly byte[] _oneByte = new byte[1];
    private bool _disposed;
    private AesGcm? _cipher;
    private int _plainOffset;
    private int _plainLength;
    private int _lookahead = -1;
    private ulong _index;
    private bool _finished;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (_plainOffset == _plainLength && !_finished)
        {
            // The sync path of FillAsync never awaits anything incomplete.
            FillAsync(useAsync: false, CancellationToken.None).GetAwaiter().GetResult();
        }
        return CopyOut(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (_plainOffset == _plainLength && !_finished)
        {
            await FillAsync(useAsync: true, cancellationToken).ConfigureAwait(false);
        }
        return CopyOut(buffer.Span);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ReleaseBuffers();
            source.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        ReleaseBuffers();
        await source.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void ReleaseBuffers()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _cipher?.Dispose();
        ArrayPool<byte>.Shared.Return(_plain, clearArray: true);
        ArrayPool<byte>.Shared.Return(_stored);
    }

    private int CopyOut(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _plainLength - _plainOffset);
        _plain.AsSpan(_plainOffset, count).CopyTo(buffer);
        _plainOffset += count;
        return count;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FillAsync(bool useAsync, CancellationToken cancellationToken)
    {
        _cipher ??= await ReadHeaderAsync(useAsync, cancellationToken).ConfigureAwait(false);
        var filled = 0;
        if (_lookahead >= 0)
        {
            _stored[filled++] = (byte)_lookahead;
        }
        // Pooled arrays may be longer than asked for: a stored chunk is never more than StoredChunkSize.
        filled += await ReadAtMostAsync(_stored.AsMemory(filled, EncryptedFileFormat.StoredChunkSize - filled), useAsync, cancellationToken).ConfigureAwait(false);
        if (filled < PersonalDataProtector.TagSize)
        {
            throw new CryptographicException("The encrypted file is truncated.");
        }
        // Only a full chunk can be followed by another: peek one byte to learn whether this one is the last.
        _lookahead = filled < EncryptedFileFormat.StoredChunkSize ? -1 : await ReadByteAsync(useAsync, cancellationToken).ConfigureAwait(false);
        var final = _lookahead < 0;
        var length = filled - PersonalDataProtector.TagSize;
        Span<byte> nonce = stackalloc byte[PersonalDataProtector.NonceSize];
        EncryptedFileFormat.ChunkNonce(nonce, _index++, final);
        _cipher.Decrypt(nonce, _stored.AsSpan(0, length), _stored.AsSpan(length, PersonalDataProtector.TagSize), _plain.AsSpan(0, length));
        _plainOffset = 0;
        _plainLength = length;
        _finished = final;
    }

    private async ValueTask<AesGcm> ReadHeaderAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var header = new byte[EncryptedFileFormat.HeaderSize];
        var read = await ReadAtMostAsync(header, useAsync, cancellationToken).ConfigureAwait(false);
        var magicLength = EncryptedFileFormat.Magic.Length;
        if (read < header.Length || !header.AsSpan(0, magicLength).SequenceEqual(EncryptedFileFormat.Magic))
        {
            throw new CryptographicException("The file is not an encrypted file in a known format.");
        }
        if (!header.AsSpan(magicLength, PersonalDataProtector.KeyIdSize).SequenceEqual(keyId))
        {
            throw new CryptographicException("The file was encrypted with another key.");
        }
        var key = fileKey(header[(magicLength + PersonalDataProtector.KeyIdSize)..]);
        var cipher = new AesGcm(key, PersonalDataProtector.TagSize);
        CryptographicOperations.ZeroMemory(key);
        return cipher;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReadAtMostAsync(Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = useAsync
                ? await source.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false)
                : source.Read(buffer.Span[total..]);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }

    private async ValueTask<int> ReadByteAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var read = await ReadAtMostAsync(_oneByte, useAsync, cancellationToken).ConfigureAwait(false);
        return read == 0 ? -1 : _oneByte[0];
    }
}
