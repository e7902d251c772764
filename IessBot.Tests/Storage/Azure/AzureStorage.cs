using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Notifications;
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
        Cases = new CosmosCaseStore(Resources.Cases, protector);
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

    ICaseStore IStorageUnderTest.Cases => Cases;
    IWhatsAppInbox IStorageUnderTest.WhatsAppInbox => WhatsApp;
    IWhatsAppDeliveryState IStorageUnderTest.WhatsAppDelivery => WhatsApp;

    public IOutbox OpenOutbox(TimeProvider time, bool otherInstance = false)
    {
        var resources = otherInstance ? OpenOtherInstance() : Resources;
        return new CosmosOutbox(resources.Cases, otherInstance ? new CosmosCaseStore(resources.Cases, Protector) : Cases, Protector, time);
    }

    public IWhatsAppInbox OpenOtherWhatsAppInbox() => new CosmosWhatsAppStore(OpenOtherInstance().WhatsApp, Protector);

    public async Task<byte[]> ReadEverythingStoredAsync()
    {
        var bytes = new MemoryStream();
        foreach (var container in new[] { Resources.Conversations, Resources.Cases, Resources.WhatsApp })
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
