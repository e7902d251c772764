namespace IessBot.Tests.Storage.Azure;

/// <summary>Azurite and the Cosmos DB stand-in, started once for every test of <see cref="AzureStandInsCollection"/>.</summary>
public sealed class AzureStandInsFixture : IAsyncLifetime
{
    private AzureStandIns? _standIns;

    /// <summary>Fails (never skips) when Node.js or the npm packages are missing.</summary>
    public AzureStandIns StandIns => _standIns ?? throw new InvalidOperationException("The Azure stand-ins did not start.");

    public async Task InitializeAsync() => _standIns = await AzureStandIns.StartAsync();

    public async Task DisposeAsync()
    {
        if (_standIns is not null)
        {
            await _standIns.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzureStandInsCollection : ICollectionFixture<AzureStandInsFixture>
{
    public const string Name = "Azure stand-ins";
}
