namespace IessBot.Tests.Storage;

// The storage contract on the Embedded provider: SQLite + a local folder in a temporary directory.

public sealed class SqliteConversationStateStoreTests : ConversationStateStoreContract
{
    internal override Task<IStorageUnderTest> OpenStorageAsync() => Task.FromResult<IStorageUnderTest>(new EmbeddedStorage());
}

public sealed class SqliteCaseStoreTests : CaseStoreContract
{
    internal override Task<IStorageUnderTest> OpenStorageAsync() => Task.FromResult<IStorageUnderTest>(new EmbeddedStorage());

    [Fact]
    public async Task Work_in_the_case_transaction_is_rolled_back_with_the_case()
    {
        var storage = (EmbeddedStorage)Storage;
        var filed = EmbeddedStorage.SampleCase();

        await Assert.ThrowsAsync<InvalidOperationException>(() => storage.Cases.CreateAsync(
            filed, (_, _, _) => throw new InvalidOperationException("outbox failed"), Ct));

        Assert.Null(await storage.Cases.GetAsync(filed.CaseNumber, Ct));
    }
}

public sealed class FileSystemEvidenceStoreTests : EvidenceStoreContract
{
    internal override Task<IStorageUnderTest> OpenStorageAsync() => Task.FromResult<IStorageUnderTest>(new EmbeddedStorage());
}
