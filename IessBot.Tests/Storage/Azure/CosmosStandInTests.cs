using System.Net;
using IessBot.Storage.Azure;
using Microsoft.Azure.Cosmos;

namespace IessBot.Tests.Storage.Azure;

/// <summary>The fixes the shim (stand-ins/cosmos-shim.js) makes to the Cosmos DB stand-in, which the stores rely on.</summary>
[Collection(AzureStandInsCollection.Name)]
public sealed class CosmosStandInTests(AzureStandInsFixture fixture) : IAsyncLifetime
{
    private readonly CosmosClient _client = AzureStorageExtensions.CreateCosmosClient(new AzureStorageOptions
    {
        CosmosConnectionString = fixture.StandIns.CosmosConnectionString,
        CosmosEmulator = true,
    });
    private Database _database = null!;
    private Container _container = null!;

    public async Task InitializeAsync()
    {
        _database = (await _client.CreateDatabaseIfNotExistsAsync("shim-" + Guid.NewGuid().ToString("N"))).Database;
        _container = (await _database.CreateContainerIfNotExistsAsync("items", "/pk")).Container;
        foreach (var (id, pk, n) in new[] { ("a", "p1", 3), ("b", "p1", 1), ("c", "p2", 2) })
        {
            await _container.CreateItemAsync(new Item(id, pk, n), new PartitionKey(pk));
        }
    }

    public async Task DisposeAsync()
    {
        await _database.DeleteAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task A_query_given_a_partition_key_sees_only_that_partition_in_order()
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.n > @min ORDER BY c.n DESC").WithParameter("@min", 0);

        var items = await ReadAllAsync(_container.GetItemQueryIterator<Item>(query, requestOptions: new() { PartitionKey = new PartitionKey("p1") }));

        Assert.Equal(["a", "b"], items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_cross_partition_query_sees_every_partition()
    {
        var items = await ReadAllAsync(_container.GetItemQueryIterator<Item>("SELECT * FROM c ORDER BY c.n"));

        Assert.Equal(["b", "c", "a"], items.Select(i => i.Id));
    }

    [Fact]
    public async Task Reading_a_missing_item_is_404_not_500()
    {
        var error = await Assert.ThrowsAsync<CosmosException>(() => _container.ReadItemAsync<Item>("none", new PartitionKey("p1")));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    private static async Task<List<Item>> ReadAllAsync(FeedIterator<Item> feed)
    {
        var items = new List<Item>();
        using (feed)
        {
            while (feed.HasMoreResults)
            {
                items.AddRange(await feed.ReadNextAsync());
            }
        }
        return items;
    }

    private sealed record Item(string Id, string Pk, int N);
}
