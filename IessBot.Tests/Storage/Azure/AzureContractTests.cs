namespace IessBot.Tests.Storage.Azure;

// The storage contract on the Azure provider: Cosmos DB (the stand-in) and Blob Storage (Azurite), each test class
// in a fresh database and blob container.

[Collection(AzureStandInsCollection.Name)]
public sealed class CosmosConversationStateStoreTests(AzureStandInsFixture fixture) : ConversationStateStoreContract
{
    internal override async Task<IStorageUnderTest> OpenStorageAsync() => await AzureStorage.OpenAsync(fixture.StandIns);
}

[Collection(AzureStandInsCollection.Name)]
public sealed class CosmosCaseStoreTests(AzureStandInsFixture fixture) : CaseStoreContract
{
    internal override async Task<IStorageUnderTest> OpenStorageAsync() => await AzureStorage.OpenAsync(fixture.StandIns);
}

[Collection(AzureStandInsCollection.Name)]
public sealed class BlobEvidenceStoreTests(AzureStandInsFixture fixture) : EvidenceStoreContract
{
    internal override async Task<IStorageUnderTest> OpenStorageAsync() => await AzureStorage.OpenAsync(fixture.StandIns);
}

[Collection(AzureStandInsCollection.Name)]
public sealed class CosmosOutboxTests(AzureStandInsFixture fixture) : OutboxContract
{
    internal override async Task<IStorageUnderTest> OpenStorageAsync() => await AzureStorage.OpenAsync(fixture.StandIns);
}

[Collection(AzureStandInsCollection.Name)]
public sealed class CosmosCaseWorkflowStoreTests(AzureStandInsFixture fixture) : CaseWorkflowStoreContract
{
    internal override async Task<IStorageUnderTest> OpenStorageAsync() => await AzureStorage.OpenAsync(fixture.StandIns);
}

[Collection(AzureStandInsCollection.Name)]
public sealed class CosmosAuditTrailTests(AzureStandInsFixture fixture) : AuditTrailContract
{
    internal override async Task<IStorageUnderTest> OpenStorageAsync() => await AzureStorage.OpenAsync(fixture.StandIns);
}

[Collection(AzureStandInsCollection.Name)]
public sealed class CosmosStaffAccountStoreTests(AzureStandInsFixture fixture) : StaffAccountStoreContract
{
    internal override async Task<IStorageUnderTest> OpenStorageAsync() => await AzureStorage.OpenAsync(fixture.StandIns);
}

[Collection(AzureStandInsCollection.Name)]
public sealed class CosmosWhatsAppStoreTests(AzureStandInsFixture fixture) : WhatsAppStoreContract
{
    internal override async Task<IStorageUnderTest> OpenStorageAsync() => await AzureStorage.OpenAsync(fixture.StandIns);
}
