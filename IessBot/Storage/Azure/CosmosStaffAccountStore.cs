using System.Net;
using System.Security.Cryptography;
using System.Text;
using IessBot.Staff;
using Microsoft.Azure.Cosmos;

namespace IessBot.Storage.Azure;

/// <summary>
/// Local staff accounts in Cosmos DB (layout: <see cref="CosmosContainers.Staff"/>): small documents in the logical
/// partition <c>accounts</c>, id = a hash of the lower-case user name (a user name may hold characters a Cosmos DB
/// id cannot). Finding is a point read; listing is a query of that one partition (a few hundred accounts).
/// Only the PasswordHasher hash is stored, never a password.
/// </summary>
internal sealed class CosmosStaffAccountStore(Container container) : IStaffAccountStore
{
    internal const string Partition = "accounts";
    internal const string Kind = "staff-account";

    private static readonly PartitionKey Key = new(Partition);

    public async Task<StaffAccount?> FindAsync(string userName, CancellationToken cancellationToken)
    {
        using var response = await container.ReadItemStreamAsync(Id(userName), Key, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        CosmosConversationStateStore.EnsureSuccess(response);
        var item = await System.Text.Json.JsonSerializer.DeserializeAsync(response.Content, CosmosJson.Default.StaffAccountItem, cancellationToken).ConfigureAwait(false);
        return item is null ? null : ToAccount(item);
    }

    public async Task SaveAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        var userName = StaffAccounts.NormalizeUserName(account.UserName);
        var item = new StaffAccountItem
        {
            Id = Id(userName),
            Pk = Partition,
            Kind = Kind,
            UserName = userName,
            DisplayName = account.DisplayName,
            Roles = [.. account.Roles],
            PasswordHash = account.PasswordHash,
            FailedAttempts = account.FailedAttempts,
            LockedUntil = account.LockedUntil is { } locked ? CaseProgressFields.Text(locked) : null,
            CreatedAt = CaseProgressFields.Text(account.CreatedAt),
        };
        using var body = CosmosJson.Serialize(item, CosmosJson.Default.StaffAccountItem);
        using var response = await container.UpsertItemStreamAsync(body, Key, new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken).ConfigureAwait(false);
        CosmosConversationStateStore.EnsureSuccess(response);
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.kind = @kind").WithParameter("@kind", Kind);
        var accounts = new List<StaffAccount>();
        using var feed = container.GetItemQueryIterator<StaffAccountItem>(query, requestOptions: new QueryRequestOptions { PartitionKey = Key });
        while (feed.HasMoreResults)
        {
            accounts.AddRange((await feed.ReadNextAsync(cancellationToken).ConfigureAwait(false)).Select(ToAccount));
        }
        return [.. accounts.OrderBy(a => a.UserName, StringComparer.Ordinal)];
    }

    private static string Id(string userName) =>
        "account-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(StaffAccounts.NormalizeUserName(userName))));

    private static StaffAccount ToAccount(StaffAccountItem item) => new(
        item.UserName,
        item.DisplayName,
        item.Roles,
        item.PasswordHash,
        item.FailedAttempts,
        item.LockedUntil is null ? null : CaseProgressFields.Time(item.LockedUntil),
        CaseProgressFields.Time(item.CreatedAt));
}

/// <summary>A staff account as stored (staff data, not a citizen's: in clear, apart from the password, which is only a hash).</summary>
internal sealed record StaffAccountItem
{
    public required string Id { get; init; }
    public required string Pk { get; init; }
    public required string Kind { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public required List<string> Roles { get; init; }
    public required string PasswordHash { get; init; }
    public int FailedAttempts { get; init; }
    public string? LockedUntil { get; init; }
    public required string CreatedAt { get; init; }
}
