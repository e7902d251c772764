namespace IessBot.Tests.Storage;

/// <summary>The evidence store contract on the Embedded provider (a local folder).</summary>
public sealed class FileSystemEvidenceStoreTests : EvidenceStoreContract
{
    internal override Task<IStorageUnderTest> OpenStorageAsync() => Task.FromResult<IStorageUnderTest>(new EmbeddedStorage());
}
