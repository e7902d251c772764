using System.Net;
using System.Text;
using System.Text.Json;
using IessBot.Storage.Embedded;
using IessBot.Turns;
using Microsoft.Azure.Cosmos;

namespace IessBot.Storage.Azure;

/// <summary>
/// Conversation state in Cosmos DB, on the per-turn hot path: one point read and one conditional write per turn,
/// through the stream API so that neither a missing document nor a conflict costs an exception. As in the embedded
/// store, the id is a keyed hash of the state key (WhatsApp conversation ids are phone numbers) and the document is
/// encrypted with that hash as associated data. Cosmos DB gives every write a new ETag, so a deleted and re-created
/// conversation never matches an old one.
/// </summary>
internal sealed class CosmosConversationStateStore(Container container, PersonalDataProtector protector) : IConversationStateStore
{
    private static readonly ItemRequestOptions CreateOptions = new() { EnableContentResponseOnWrite = false };

    public async Task<StoredState?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var (id, keyHash) = Identify(key);
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        EnsureSuccess(response);
        var item = await JsonSerializer.DeserializeAsync(response.Content, CosmosJson.Default.StateItem, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("A conversation state document is empty.");
        var document = Encoding.UTF8.GetString(protector.Unprotect(Convert.FromBase64String(item.Data), keyHash));
        return new StoredState(document, response.Headers.ETag);
    }

    public async Task<string> WriteAsync(string key, string document, string? expectedETag, CancellationToken cancellationToken)
    {
        var (id, keyHash) = Identify(key);
        var item = new StateItem(id, Convert.ToBase64String(protector.Protect(Encoding.UTF8.GetBytes(document), keyHash)));
        using var body = new MemoryStream();
        await JsonSerializer.SerializeAsync(body, item, CosmosJson.Default.StateItem, cancellationToken).ConfigureAwait(false);
        body.Position = 0;

        using var response = expectedETag is null
            ? await container.CreateItemStreamAsync(body, new PartitionKey(id), CreateOptions, cancellationToken).ConfigureAwait(false)
            : await container.ReplaceItemStreamAsync(body, id, new PartitionKey(id),
                new ItemRequestOptions { IfMatchEtag = expectedETag, EnableContentResponseOnWrite = false }, cancellationToken).ConfigureAwait(false);
        // 409: created meanwhile; 412: changed meanwhile; 404: deleted meanwhile (its ETag is stale too).
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            throw new StateConflictException(key);
        }
        EnsureSuccess(response);
        return response.Headers.ETag;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var (id, _) = Identify(key);
        using var response = await container.DeleteItemStreamAsync(id, new PartitionKey(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            EnsureSuccess(response);
        }
    }

    private (string Id, byte[] KeyHash) Identify(string key)
    {
        var keyHash = protector.BlindIndex(SqliteConversationStateStore.KeyDomain, key);
        return (Convert.ToHexStringLower(keyHash), keyHash);
    }

    // The response message may quote the request; only the status is reported.
    internal static void EnsureSuccess(ResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new CosmosStorageException(response.StatusCode, response.Headers["x-ms-substatus"]);
        }
    }
}

/// <summary>A Cosmos DB request failed with a status the store does not handle (throttling beyond the SDK's retries, an outage).</summary>
public sealed class CosmosStorageException(HttpStatusCode status, string? subStatus)
    : Exception($"Cosmos DB answered {(int)status} ({status}, substatus {subStatus ?? "none"}).")
{
    public HttpStatusCode Status { get; } = status;
}

internal sealed record StateItem(string Id, string Data);
