using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.Cosmos;

namespace IessBot.Storage.Azure;

/// <summary>
/// The database, containers and blob container the Azure stores use: created at start-up when
/// <c>Storage:Azure:CreateResources</c> is on, otherwise checked to exist, so a missing resource stops the start
/// with a clear message instead of failing a citizen's turn. Also the health probe: both services must answer.
/// </summary>
internal sealed class AzureResources(CosmosClient cosmos, BlobServiceClient blobs, AzureStorageOptions options) : IStorageProbe
{
    public Container Conversations { get; } = cosmos.GetContainer(options.Database, options.ConversationsContainer);
    public Container Cases { get; } = cosmos.GetContainer(options.Database, options.CasesContainer);
    public Container WhatsApp { get; } = cosmos.GetContainer(options.Database, options.WhatsAppContainer);
    public Container Staff { get; } = cosmos.GetContainer(options.Database, options.StaffContainer);
    public BlobContainerClient Evidence { get; } = blobs.GetBlobContainerClient(options.EvidenceContainer);

    public StorageProvider Provider => StorageProvider.Azure;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (options.CreateResources)
        {
            var database = (await cosmos.CreateDatabaseIfNotExistsAsync(options.Database, cancellationToken: cancellationToken).ConfigureAwait(false)).Database;
            await database.CreateContainerIfNotExistsAsync(CosmosContainers.Conversations(options.ConversationsContainer), cancellationToken: cancellationToken).ConfigureAwait(false);
            await database.CreateContainerIfNotExistsAsync(CosmosContainers.Cases(options.CasesContainer), cancellationToken: cancellationToken).ConfigureAwait(false);
            await database.CreateContainerIfNotExistsAsync(CosmosContainers.WhatsApp(options.WhatsAppContainer), cancellationToken: cancellationToken).ConfigureAwait(false);
            await database.CreateContainerIfNotExistsAsync(CosmosContainers.Staff(options.StaffContainer), cancellationToken: cancellationToken).ConfigureAwait(false);
            // Private: no anonymous access; evidence is read only through the app.
            await Evidence.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }
        foreach (var container in new[] { Conversations, Cases, WhatsApp, Staff })
        {
            await ExpectAsync(() => container.ReadContainerAsync(cancellationToken: cancellationToken), $"Cosmos DB container '{options.Database}/{container.Id}'").ConfigureAwait(false);
        }
        await ExpectAsync(() => Evidence.GetPropertiesAsync(cancellationToken: cancellationToken), $"blob container '{options.EvidenceContainer}'").ConfigureAwait(false);
    }

    /// <summary>Both services answer: a read of the cases container and of the evidence container's properties.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var container = await Cases.ReadContainerStreamAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var evidence = await Evidence.ExistsAsync(cancellationToken).ConfigureAwait(false);
        return container.IsSuccessStatusCode && evidence.Value;
    }

    /// <summary>Where the data is, for the start-up log: endpoints and names only, never a key.</summary>
    public string Describe() =>
        $"Cosmos DB {cosmos.Endpoint.Authority} database '{options.Database}' (containers '{options.ConversationsContainer}', '{options.CasesContainer}', '{options.WhatsAppContainer}', '{options.StaffContainer}'), " +
        $"Blob Storage {blobs.Uri.Authority}{blobs.Uri.AbsolutePath.TrimEnd('/')} container '{options.EvidenceContainer}'";

    private static async Task ExpectAsync(Func<Task> read, string what)
    {
        try
        {
            await read().ConfigureAwait(false);
        }
        catch (Exception error) when (error is CosmosException { StatusCode: HttpStatusCode.NotFound } or RequestFailedException { Status: 404 })
        {
            throw new InvalidOperationException(
                $"The {what} does not exist. Deploy deploymentTemplates/main.bicep, or set Storage:Azure:CreateResources=true (development) to create it at start-up.", error);
        }
    }
}

internal sealed class AzureResourcesStartup(AzureResources resources) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => resources.EnsureAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
