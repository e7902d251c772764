using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Notifications;
using IessBot.Staff;
using IessBot.Storage;
using IessBot.Storage.Azure;
using IessBot.Turns;
using IessBot.WhatsApp;
using Microsoft.Azure.Cosmos;

namespace IessBot.Tests.Storage.Azure;

/// <summary>The Azure stores on the stand-ins, in a fresh database and evidence container, with a random key.</summary>
internal sealed class AzureStorage : IStorageUnderTest
{
    private AzureStorage(AzureStorageOptions options, CosmosClient cosmos, BlobServiceClient blobs, PersonalDataProtector protector)
    {
        Options = options;
        Cosmos = cosmos;
        Blobs = blobs;
        Protector = protector;
        Resources = new AzureResources(cosmos, blobs, options);
        States = new CosmosConversationStateStore(Resources.Conversations, protector);
        Cases = new CosmosCaseStore(Resources.Cases, protector, StorageWorkflow.Start);
        Workflow = new CosmosCaseWorkflowStore(Cases, protector);
        AuditTrail = new CosmosAuditTrail(Resources.Staff, protector);
        StaffAccounts = new CosmosStaffAccountStore(Resources.Staff);
        Evidence = new BlobEvidenceStore(Resources.Evidence, protector);
        WhatsApp = new CosmosWhatsAppStore(Resources.WhatsApp, protector);
    }

    private readonly List<CosmosClient> _others = [];

    public AzureStorageOptions Options { get; }
    public CosmosClient Cosmos { get; }
    public BlobServiceClient Blobs { get; }
    public AzureResources Resources { get; }
    public PersonalDataProtector Protector { get; }
    public IConversationStateStore States { get; }
    public CosmosCaseStore Cases { get; }
    public IEvidenceStore Evidence { get; }
    public CosmosWhatsAppStore WhatsApp { get; }
    public ICaseWorkflowStore Workflow { get; }
    public IAuditTrail AuditTrail { get; }
    public IStaffAccountStore StaffAccounts { get; }

    ICaseStore IStorageUnderTest.Cases => Cases;
    IWhatsAppInbox IStorageUnderTest.WhatsAppInbox => WhatsApp;
    IWhatsAppDeliveryState IStorageUnderTest.WhatsAppDelivery => WhatsApp;

    public IOutbox OpenOutbox(TimeProvider time, bool otherInstance = false)
    {
        var resources = otherInstance ? OpenOtherInstance() : Resources;
        return new CosmosOutbox(resources.Cases, otherInstance ? new CosmosCaseStore(resources.Cases, Protector, StorageWorkflow.Start) : Cases, Protector, time);
    }

    public IWhatsAppInbox OpenOtherWhatsAppInbox() => new CosmosWhatsAppStore(OpenOtherInstance().WhatsApp, Protector);

    public IAuditTrail OpenOtherAuditTrail() => new CosmosAuditTrail(OpenOtherInstance().Staff, Protector);

    public async Task EditStoredAuditEntryAsync(long sequence, string detail)
    {
        var id = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = new PartitionKey(CosmosAuditTrail.Partition);
        using var read = await Resources.Staff.ReadItemStreamAsync(id, key);
        var document = System.Text.Json.Nodes.JsonNode.Parse(read.EnsureSuccessStatusCode().Content)!.AsObject();
        document["detail"] = detail;
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()));
        using var write = await Resources.Staff.ReplaceItemStreamAsync(body, id, key);
        write.EnsureSuccessStatusCode();
    }

    public async Task<byte[]> ReadEverythingStoredAsync()
    {
        var bytes = new MemoryStream();
        foreach (var container in new[] { Resources.Conversations, Resources.Cases, Resources.WhatsApp, Resources.Staff })
        {
            using var feed = container.GetItemQueryStreamIterator("SELECT * FROM c");
            while (feed.HasMoreResults)
            {
                using var page = await feed.ReadNextAsync();
                await page.Content.CopyToAsync(bytes);
            }
        }
        return bytes.ToArray();
    }

    /// <summary>A second instance: its own Cosmos DB client on the same database.</summary>
    private AzureResources OpenOtherInstance()
    {
        var client = AzureStorageExtensions.CreateCosmosClient(Options);
        _others.Add(client);
        return new AzureResources(client, Blobs, Options);
    }

    public static async Task<AzureStorage> OpenAsync(AzureStandIns standIns)
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var options = new AzureStorageOptions
        {
            CosmosConnectionString = standIns.CosmosConnectionString,
            CosmosEmulator = true,
            Database = "test-" + suffix,
            BlobConnectionString = standIns.BlobConnectionString,
            EvidenceContainer = "evidence-" + suffix,
            CreateResources = true,
        };
        var storage = new AzureStorage(
            options,
            AzureStorageExtensions.CreateCosmosClient(options),
            AzureStorageExtensions.CreateBlobServiceClient(options),
            new PersonalDataProtector(RandomNumberGenerator.GetBytes(PersonalDataProtector.KeySize)));
        await storage.Resources.EnsureAsync(CancellationToken.None);
        return storage;
    }

    public async Task<int> CountStoredEvidenceAsync()
    {
        var count = 0;
        await foreach (var _ in Resources.Evidence.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix: null, CancellationToken.None))
        {
            count++;
        }
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cosmos.GetDatabase(Options.Database).DeleteAsync();
            await Resources.Evidence.DeleteIfExistsAsync();
        }
        finally
        {
            foreach (var other in _others)
            {
                other.Dispose();
            }
            Cosmos.Dispose();
            Protector.Dispose();
        }
    }
}
