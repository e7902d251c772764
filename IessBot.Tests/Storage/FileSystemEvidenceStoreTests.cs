using System.Security.Cryptography;
using IessBot.Evidence;
using IessBot.Tests.Evidence;

namespace IessBot.Tests.Storage;

public sealed class FileSystemEvidenceStoreTests : IDisposable
{
    private const long TwentyMegabytes = 20 * 1024 * 1024;
    private readonly EmbeddedStorage _storage = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_twenty_megabyte_file_is_stored_and_read_back_with_its_sha256()
    {
        var expectedHash = await HashAsync(new GeneratedStream(TwentyMegabytes));

        var stored = await _storage.Evidence.SaveAsync(new GeneratedStream(TwentyMegabytes), "application/pdf", TwentyMegabytes, _ct);

        Assert.Equal(TwentyMegabytes, stored.Length);
        Assert.Equal("application/pdf", stored.ContentType);
        Assert.Equal(expectedHash, stored.Sha256);
        await using var read = await _storage.Evidence.OpenReadAsync(stored.EvidenceId, _ct);
        Assert.NotNull(read);
        Assert.Equal(expectedHash, await HashAsync(read));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_right_after_the_limit_and_leaves_nothing_on_disk()
    {
        var upload = new GeneratedStream(25 * 1024 * 1024);

        var refused = await Assert.ThrowsAsync<EvidenceTooLargeException>(
            () => _storage.Evidence.SaveAsync(upload, "application/pdf", TwentyMegabytes, _ct));

        Assert.Equal(TwentyMegabytes, refused.MaxBytes);
        Assert.Equal(TwentyMegabytes + 1, upload.BytesRead);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_storage.Evidence.Directory));
    }

    [Fact]
    public async Task A_file_of_exactly_the_limit_is_accepted()
    {
        var stored = await _storage.Evidence.SaveAsync(new GeneratedStream(1_048_576), "image/png", 1_048_576, _ct);

        Assert.Equal(1_048_576, stored.Length);
    }

    [Fact]
    public async Task Ids_are_random_hex_and_carry_nothing_of_the_content()
    {
        var first = await _storage.Evidence.SaveAsync(new MemoryStream([1, 2, 3]), "image/png", 100, _ct);
        var second = await _storage.Evidence.SaveAsync(new MemoryStream([1, 2, 3]), "image/png", 100, _ct);

        Assert.NotEqual(first.EvidenceId, second.EvidenceId);
        Assert.Matches("^[0-9a-f]{32}$", first.EvidenceId);
        Assert.Equal(first.Sha256, second.Sha256);
    }

    [Fact]
    public async Task A_deleted_file_is_gone()
    {
        var stored = await _storage.Evidence.SaveAsync(new MemoryStream([1, 2, 3]), "image/png", 100, _ct);

        await _storage.Evidence.DeleteAsync(stored.EvidenceId, _ct);

        Assert.Null(await _storage.Evidence.OpenReadAsync(stored.EvidenceId, _ct));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_storage.Evidence.Directory));
    }

    [Theory]
    [InlineData("../iessbot.db")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("")]
    public async Task Unknown_or_malformed_ids_open_nothing(string id)
    {
        Assert.Null(await _storage.Evidence.OpenReadAsync(id, _ct));
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_nothing_on_disk()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _storage.Evidence.SaveAsync(new MemoryStream(new byte[1000]), "image/png", 10_000, cancellation.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_storage.Evidence.Directory));
    }

    private static async Task<string> HashAsync(Stream stream) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
}
