using System.Security.Cryptography;
using IessBot.Evidence;
using IessBot.Tests.Evidence;

namespace IessBot.Tests.Storage;

/// <summary>What every evidence store must do (run against each provider).</summary>
public abstract class EvidenceStoreContract : StorageContract
{
    protected const long TwentyMegabytes = 20 * 1024 * 1024;

    [Fact]
    public async Task A_twenty_megabyte_file_is_stored_and_read_back_with_its_sha256()
    {
        var expectedHash = await HashAsync(new GeneratedStream(TwentyMegabytes));

        var stored = await Storage.Evidence.SaveAsync(new GeneratedStream(TwentyMegabytes), "application/pdf", TwentyMegabytes, Ct);

        Assert.Equal(TwentyMegabytes, stored.Length);
        Assert.Equal("application/pdf", stored.ContentType);
        Assert.Equal(expectedHash, stored.Sha256);
        await using var read = await Storage.Evidence.OpenReadAsync(stored.EvidenceId, Ct);
        Assert.NotNull(read);
        Assert.Equal(expectedHash, await HashAsync(read));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_right_after_the_limit_and_leaves_nothing_stored()
    {
        var upload = new GeneratedStream(25 * 1024 * 1024);

        var refused = await Assert.ThrowsAsync<EvidenceTooLargeException>(
            () => Storage.Evidence.SaveAsync(upload, "application/pdf", TwentyMegabytes, Ct));

        Assert.Equal(TwentyMegabytes, refused.MaxBytes);
        Assert.Equal(TwentyMegabytes + 1, upload.BytesRead);
        Assert.Equal(0, await Storage.CountStoredEvidenceAsync());
    }

    [Fact]
    public async Task A_file_of_exactly_the_limit_is_accepted()
    {
        var stored = await Storage.Evidence.SaveAsync(new GeneratedStream(1_048_576), "image/png", 1_048_576, Ct);

        Assert.Equal(1_048_576, stored.Length);
    }

    [Fact]
    public async Task Ids_are_random_hex_and_carry_nothing_of_the_content()
    {
        var first = await Storage.Evidence.SaveAsync(new MemoryStream([1, 2, 3]), "image/png", 100, Ct);
        var second = await Storage.Evidence.SaveAsync(new MemoryStream([1, 2, 3]), "image/png", 100, Ct);

        Assert.NotEqual(first.EvidenceId, second.EvidenceId);
        Assert.Matches("^[0-9a-f]{32}$", first.EvidenceId);
        Assert.Equal(first.Sha256, second.Sha256);
    }

    [Fact]
    public async Task A_deleted_file_is_gone()
    {
        var stored = await Storage.Evidence.SaveAsync(new MemoryStream([1, 2, 3]), "image/png", 100, Ct);

        await Storage.Evidence.DeleteAsync(stored.EvidenceId, Ct);

        Assert.Null(await Storage.Evidence.OpenReadAsync(stored.EvidenceId, Ct));
        Assert.Equal(0, await Storage.CountStoredEvidenceAsync());
    }

    [Theory]
    [InlineData("../iessbot.db")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("")]
    public async Task Unknown_or_malformed_ids_open_nothing(string id)
    {
        Assert.Null(await Storage.Evidence.OpenReadAsync(id, Ct));
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_nothing_stored()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Storage.Evidence.SaveAsync(new MemoryStream(new byte[1000]), "image/png", 10_000, cancellation.Token));

        Assert.Equal(0, await Storage.CountStoredEvidenceAsync());
    }

    protected static async Task<string> HashAsync(Stream stream) =>
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
}
