namespace IessBot.Tests.Storage;

/// <summary>The outbox contract on the Embedded provider (SQLite: the case and its messages in one transaction).</summary>
public sealed class SqliteOutboxTests : OutboxContract
{
    internal override Task<IStorageUnderTest> OpenStorageAsync() => Task.FromResult<IStorageUnderTest>(new EmbeddedStorage());
}
