namespace IessBot.Tests.Storage;

/// <summary>The case store contract on the Embedded provider, plus what only SQLite does: work in the case's transaction.</summary>
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
