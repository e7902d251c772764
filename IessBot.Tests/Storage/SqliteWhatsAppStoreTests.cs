namespace IessBot.Tests.Storage;

/// <summary>The WhatsApp inbox and delivery-state contract on the Embedded provider (SQLite).</summary>
public sealed class SqliteWhatsAppStoreTests : WhatsAppStoreContract
{
    internal override Task<IStorageUnderTest> OpenStorageAsync() => Task.FromResult<IStorageUnderTest>(new EmbeddedStorage());
}
