using System.Collections.ObjectModel;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Azure.Cosmos;

namespace IessBot.Storage.Azure;

/// <summary>
/// Data Protection's key ring shared by every instance: one small document per element (a key or a revocation) in the
/// logical partition <c>dataprotection</c> of the staff container (layout: <see cref="CosmosContainers.Staff"/>).
/// Elements are only ever added, each under a new id, so two instances writing at once cannot overwrite each other and
/// no ETag is needed. The secrets inside are already encrypted by <see cref="MasterKeyXmlEncryptor"/>.
/// </summary>
internal sealed class CosmosXmlRepository(Container container) : IXmlRepository
{
    internal const string Partition = "dataprotection";
    internal const string Kind = "data-protection-key";

    private static readonly PartitionKey Key = new(Partition);

    // IXmlRepository is synchronous; Data Protection calls it rarely (start, key roll-over, a refresh every 24 hours).
    public IReadOnlyCollection<XElement> GetAllElements() =>
        new ReadOnlyCollection<XElement>(Task.Run(ReadAllAsync).GetAwaiter().GetResult());

    public void StoreElement(XElement element, string friendlyName)
    {
        var item = new DataProtectionKeyItem
        {
            Id = $"{Partition}-{Guid.NewGuid():N}",
            Pk = Partition,
            Kind = Kind,
            Xml = element.ToString(SaveOptions.DisableFormatting),
        };
        Task.Run(() => CreateAsync(item)).GetAwaiter().GetResult();
    }

    private async Task<List<XElement>> ReadAllAsync()
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.kind = @kind").WithParameter("@kind", Kind);
        var elements = new List<XElement>();
        using var feed = container.GetItemQueryIterator<DataProtectionKeyItem>(query, requestOptions: new QueryRequestOptions { PartitionKey = Key });
        while (feed.HasMoreResults)
        {
            elements.AddRange((await feed.ReadNextAsync().ConfigureAwait(false)).Select(item => XElement.Parse(item.Xml)));
        }
        return elements;
    }

    private async Task CreateAsync(DataProtectionKeyItem item)
    {
        using var body = CosmosJson.Serialize(item, CosmosJson.Default.DataProtectionKeyItem);
        using var response = await container.CreateItemStreamAsync(body, Key, new ItemRequestOptions { EnableContentResponseOnWrite = false }).ConfigureAwait(false);
        CosmosConversationStateStore.EnsureSuccess(response);
    }
}

/// <summary>One element of the key ring as stored: its XML, whose secret is encrypted with the master key.</summary>
internal sealed record DataProtectionKeyItem
{
    public required string Id { get; init; }
    public required string Pk { get; init; }
    public required string Kind { get; init; }
    public required string Xml { get; init; }
}
