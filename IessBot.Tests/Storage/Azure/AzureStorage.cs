using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Storage;
using IessBot.Storage.Azure;
using IessBot.Turns;
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
    }

    public AzureStorageOptions Options { get; }
    public CosmosClient Cosmos { get; }
    public BlobServiceClient Blobs { get; }
    public AzureResources Resources { get; }
    public PersonalDataProtector Protector { get; }
    public IConversationStateStore States { get; }
    public ICaseStore Cases { get; }
    public IEvidenceStore Evidence { get; }

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
            Cosmos.Dispose();
            Protector.Dispose();
        }
    }
}
