namespace IessBot.Tests.Storage;

/// <summary>The conversation state contract on the Embedded provider (SQLite in a temporary directory).</summary>
public sealed class SqliteConversationStateStoreTests : ConversationStateStoreContract
{
    internal override Task<IStorageUnderTest> OpenStorageAsync() => Task.FromResult<IStorageUnderTest>(new EmbeddedStorage());
}
