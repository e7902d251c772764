using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using IessBot.Storage.Azure;
using IessBot.Tests.Evidence;

namespace IessBot.Tests.Storage.Azure;

/// <summary>What the blob evidence store does beyond the contract: metadata, privacy of names and container, streaming.</summary>
[Collection(AzureStandInsCollection.Name)]
public sealed class BlobEvidenceDetailsTests(AzureStandInsFixture fixture) : IAsyncLifetime
{
    private AzureStorage _storage = null!;

    public async Task InitializeAsync() => _storage = await AzureStorage.OpenAsync(fixture.StandIns);

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task The_blob_is_named_by_the_id_in_a_private_container_with_content_type_and_sha256_as_metadata()
    {
        var stored = await _storage.Evidence.SaveAsync(new MemoryStream("%PDF-1.7 denuncia de María Pérez"u8.ToArray()), "application/pdf", 1000, default);

        var blob = _storage.Resources.Evidence.GetBlobClient(stored.EvidenceId);
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal("application/pdf", properties.Metadata[BlobEvidenceStore.ContentTypeMetadata]);
        Assert.Equal(stored.Sha256, properties.Metadata[BlobEvidenceStore.Sha256Metadata]);
        Assert.Equal(stored.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), properties.Metadata[BlobEvidenceStore.LengthMetadata]);
        Assert.Equal("application/octet-stream", properties.ContentType);
        var access = (await _storage.Resources.Evidence.GetPropertiesAsync()).Value.PublicAccess;
        Assert.Equal(PublicAccessType.None, access);
        var names = new List<string>();
        await foreach (var item in _storage.Resources.Evidence.GetBlobsAsync())
        {
            names.Add(item.Name);
        }
        Assert.Equal([stored.EvidenceId], names);
    }

    [Fact]
    public async Task The_stored_bytes_are_encrypted()
    {
        var plaintext = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("cédula 1710034065 ", 1000)));
        var stored = await _storage.Evidence.SaveAsync(new MemoryStream(plaintext), "image/png", plaintext.Length, default);

        var raw = (await _storage.Resources.Evidence.GetBlobClient(stored.EvidenceId).DownloadContentAsync()).Value.Content.ToArray();

        Assert.True(raw.Length > plaintext.Length);
        Assert.Equal(-1, raw.AsSpan().IndexOf("1710034065"u8));
    }

    [Fact]
    public async Task Blocks_are_uploaded_while_the_file_is_still_being_read_and_the_blob_appears_only_when_complete()
    {
        const long size = 20 * 1024 * 1024;
        var seenWhileReading = (Committed: -1, Uncommitted: -1);
        var source = new ObservedStream(new GeneratedStream(size), 12 * 1024 * 1024, async () => seenWhileReading = await CountBlobsAsync());

        var stored = await _storage.Evidence.SaveAsync(source, "application/pdf", size, default);

        // Two 4 MiB blocks were staged before 12 MB of the upload had even been read, and no blob was visible yet.
        Assert.Equal((0, 1), seenWhileReading);
        var blocks = (await _storage.Resources.Evidence.GetBlockBlobClient(stored.EvidenceId).GetBlockListAsync()).Value;
        Assert.Equal(6, blocks.CommittedBlocks.Count());
        Assert.All(blocks.CommittedBlocks.SkipLast(1), b => Assert.Equal(BlockUploadStream.DefaultBlockSize, b.SizeLong));
        Assert.Equal((1, 0), await CountBlobsAsync());
    }

    private async Task<(int Committed, int Uncommitted)> CountBlobsAsync()
    {
        var (committed, uncommitted) = (0, 0);
        await foreach (var item in _storage.Resources.Evidence.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, prefix: null, default))
        {
            // Listed with uncommitted blobs, a committed blob has its properties; one with staged blocks only has no length yet.
            if (item.Properties.ContentLength is > 0) committed++; else uncommitted++;
        }
        return (committed, uncommitted);
    }

    /// <summary>Passes reads through and runs a check once, when <paramref name="threshold"/> bytes have been read.</summary>
    private sealed class ObservedStream(Stream inner, long threshold, Func<Task> check) : Stream
    {
        private long _read;
        private bool _checked;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            _read += read;
            if (!_checked && _read >= threshold)
            {
                _checked = true;
                await check();
            }
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
