using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IessBot.Storage.Embedded;
using IessBot.WhatsApp;
using Microsoft.Azure.Cosmos;

namespace IessBot.Storage.Azure;

/// <summary>
/// The WhatsApp inbox and delivery state in Cosmos DB (layout: <see cref="CosmosContainers.WhatsApp"/>). Webhook
/// bodies are encrypted with a random per-entry key id as associated data and emptied once processed, as in SQLite.
/// <para>
/// Sequence numbers: the processor reads "pending above the last sequence it saw", so a number may become visible
/// only after every lower one. SQLite gets that from its write lock; here the entry's id is its sequence in one
/// logical partition, and an instance tries number k only once it knows k − 1 exists (it wrote it, or its create of
/// k − 1 answered 409, or it read it as the highest). A create of a taken number answers 409 (ids are unique in a
/// partition), so numbers are dense and appear in order across instances. One instance appends one at a time.
/// </para>
/// </summary>
internal sealed class CosmosWhatsAppStore(Container container, PersonalDataProtector protector) : IWhatsAppInbox, IWhatsAppDeliveryState, IDisposable
{
    internal const string InboxPartition = "inbox";
    private const string MarkerKind = "wamid";
    private const string OutboundKind = "outbound";
    private const string ContactKind = "contact";

    private static readonly ItemRequestOptions WriteOptions = new() { EnableContentResponseOnWrite = false };
    private static readonly PartitionKey Inbox = new(InboxPartition);
    private readonly SemaphoreSlim _append = new(1, 1);
    private long? _next;

    public async Task<long> AddAsync(ReadOnlyMemory<byte> payload, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var entryKey = RandomNumberGenerator.GetBytes(16);
        var encrypted = Convert.ToBase64String(protector.Protect(payload.Span, entryKey));
        await _append.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var next = _next ??= await HighestSequenceAsync(cancellationToken).ConfigureAwait(false) + 1;
            while (true)
            {
                var item = new WhatsAppInboxItem(Id(next), InboxPartition, InboxPartition, next, Format(receivedAt), Convert.ToBase64String(entryKey), encrypted, Pending: true, ProcessedAt: null);
                using var body = CosmosJson.Serialize(item, CosmosJson.Default.WhatsAppInboxItem);
                using var response = await container.CreateItemStreamAsync(body, Inbox, WriteOptions, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Conflict)
                {
                    // Another instance took it (so it exists): continue after the highest now stored.
                    _next = next = Math.Max(next, await HighestSequenceAsync(cancellationToken).ConfigureAwait(false)) + 1;
                    continue;
                }
                // On any other failure _next stays at this number: if the write did land, the next try gets 409.
                CosmosConversationStateStore.EnsureSuccess(response);
                _next = next + 1;
                return next;
            }
        }
        finally
        {
            _append.Release();
        }
    }

    public async Task<IReadOnlyList<InboxEntry>> ReadPendingAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition($"SELECT TOP {max} c.sequence, c.receivedAt, c.key, c.payload FROM c WHERE c.pending = true AND c.sequence > @after ORDER BY c.sequence")
            .WithParameter("@after", afterSequence);
        var rows = await QueryAsync<InboxRow>(query, Inbox, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(row => new InboxEntry(
            row.Sequence, protector.Unprotect(Convert.FromBase64String(row.Payload), Convert.FromBase64String(row.Key)), Parse(row.ReceivedAt)))];
    }

    public async Task MarkProcessedAsync(long sequence, DateTimeOffset processedAt, CancellationToken cancellationToken)
    {
        PatchOperation[] operations =
        [
            PatchOperation.Set("/pending", false),
            PatchOperation.Set("/payload", ""),
            PatchOperation.Set("/processedAt", Format(processedAt)),
        ];
        using var response = await container.PatchItemStreamAsync(Id(sequence), Inbox, operations,
            new PatchItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            CosmosConversationStateStore.EnsureSuccess(response);
        }
    }

    public async Task<int> CountPendingAsync(CancellationToken cancellationToken) =>
        (await QueryAsync<int>(new QueryDefinition("SELECT VALUE COUNT(1) FROM c WHERE c.pending = true"), Inbox, cancellationToken).ConfigureAwait(false)).Sum();

    public async Task<bool> IsMessageProcessedAsync(string messageId, CancellationToken cancellationToken)
    {
        var id = MarkerId(messageId);
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        CosmosConversationStateStore.EnsureSuccess(response);
        return true;
    }

    public async Task MarkMessageProcessedAsync(string messageId, DateTimeOffset processedAt, CancellationToken cancellationToken)
    {
        var id = MarkerId(messageId);
        await CreateOnceAsync(new WhatsAppMarker(id, id, MarkerKind, Format(processedAt)), CosmosJson.Default.WhatsAppMarker, id, cancellationToken).ConfigureAwait(false);
    }

    public async Task PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        // The highest entry stays, whatever its age: the next sequence number is read from it.
        var highest = await HighestSequenceAsync(cancellationToken).ConfigureAwait(false);
        var inbox = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.pending = false AND c.processedAt < @before AND c.sequence < @highest")
            .WithParameter("@before", Format(before)).WithParameter("@highest", highest);
        foreach (var id in await QueryAsync<string>(inbox, Inbox, cancellationToken).ConfigureAwait(false))
        {
            await DeleteAsync(id, Inbox, cancellationToken).ConfigureAwait(false);
        }
        var markers = new QueryDefinition("SELECT VALUE c.id FROM c WHERE c.kind = @kind AND c.processedAt < @before")
            .WithParameter("@kind", MarkerKind).WithParameter("@before", Format(before));
        foreach (var id in await QueryAsync<string>(markers, null, cancellationToken).ConfigureAwait(false))
        {
            await DeleteAsync(id, new PartitionKey(id), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task RecordAcceptedAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var id = OutboundId(messageId);
        await CreateOnceAsync(new WhatsAppOutboundItem(id, id, OutboundKind, (int)DeliveryStatus.Accepted, Format(at), null), CosmosJson.Default.WhatsAppOutboundItem, id, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<bool> UpdateStatusAsync(string messageId, DeliveryStatus status, DateTimeOffset at, string? errorCode, CancellationToken cancellationToken)
    {
        var id = OutboundId(messageId);
        while (true)
        {
            var (current, etag) = await ReadAsync(id, CosmosJson.Default.WhatsAppOutboundItem, cancellationToken).ConfigureAwait(false);
            // Never backwards (reference §2.5): a status only replaces a lower one.
            if (current is null || current.Status >= (int)status)
            {
                return false;
            }
            if (await ReplaceAsync(current with { Status = (int)status, UpdatedAt = Format(at), ErrorCode = errorCode }, CosmosJson.Default.WhatsAppOutboundItem, id, etag!, cancellationToken)
                .ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    public async Task<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken)
    {
        var (item, _) = await ReadAsync(OutboundId(messageId), CosmosJson.Default.WhatsAppOutboundItem, cancellationToken).ConfigureAwait(false);
        return item is null ? null : new DeliveryRecord(messageId, (DeliveryStatus)item.Status, Parse(item.UpdatedAt), item.ErrorCode);
    }

    public async Task RecordInboundAsync(string userKey, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        var id = ContactId(userKey);
        var at = Format(sentAt);
        while (true)
        {
            var (current, etag) = await ReadAsync(id, CosmosJson.Default.WhatsAppContactItem, cancellationToken).ConfigureAwait(false);
            if (current is not null && string.CompareOrdinal(current.LastInboundAt, at) >= 0)
            {
                return;
            }
            var written = current is null
                ? await CreateOnceAsync(new WhatsAppContactItem(id, id, ContactKind, at), CosmosJson.Default.WhatsAppContactItem, id, cancellationToken).ConfigureAwait(false)
                : await ReplaceAsync(current with { LastInboundAt = at }, CosmosJson.Default.WhatsAppContactItem, id, etag!, cancellationToken).ConfigureAwait(false);
            if (written)
            {
                return;
            }
        }
    }

    public async Task<DateTimeOffset?> LastInboundAsync(string userKey, CancellationToken cancellationToken)
    {
        var (item, _) = await ReadAsync(ContactId(userKey), CosmosJson.Default.WhatsAppContactItem, cancellationToken).ConfigureAwait(false);
        return item is null ? null : Parse(item.LastInboundAt);
    }

    public void Dispose() => _append.Dispose();

    private async Task<long> HighestSequenceAsync(CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP 1 VALUE c.sequence FROM c WHERE c.kind = @kind ORDER BY c.sequence DESC").WithParameter("@kind", InboxPartition);
        return (await QueryAsync<long>(query, Inbox, cancellationToken).ConfigureAwait(false)).DefaultIfEmpty(0).Max();
    }

    /// <summary>False when the document exists already (409).</summary>
    private async Task<bool> CreateOnceAsync<T>(T item, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string id, CancellationToken cancellationToken)
    {
        using var body = CosmosJson.Serialize(item, typeInfo);
        using var response = await container.CreateItemStreamAsync(body, new PartitionKey(id), WriteOptions, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
        CosmosConversationStateStore.EnsureSuccess(response);
        return true;
    }

    /// <summary>False when the document changed since <paramref name="etag"/> was read.</summary>
    private async Task<bool> ReplaceAsync<T>(T item, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, string id, string etag, CancellationToken cancellationToken)
    {
        using var body = CosmosJson.Serialize(item, typeInfo);
        using var response = await container.ReplaceItemStreamAsync(body, id, new PartitionKey(id),
            new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return false;
        }
        CosmosConversationStateStore.EnsureSuccess(response);
        return true;
    }

    private async Task<(T? Item, string? ETag)> ReadAsync<T>(string id, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, null);
        }
        CosmosConversationStateStore.EnsureSuccess(response);
        return (await JsonSerializer.DeserializeAsync(response.Content, typeInfo, cancellationToken).ConfigureAwait(false), response.Headers.ETag);
    }

    private async Task DeleteAsync(string id, PartitionKey partition, CancellationToken cancellationToken)
    {
        using var response = await container.DeleteItemStreamAsync(id, partition, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            CosmosConversationStateStore.EnsureSuccess(response);
        }
    }

    private async Task<List<T>> QueryAsync<T>(QueryDefinition query, PartitionKey? partition, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        using var feed = container.GetItemQueryIterator<T>(query, requestOptions: new QueryRequestOptions { PartitionKey = partition });
        while (feed.HasMoreResults)
        {
            rows.AddRange(await feed.ReadNextAsync(cancellationToken).ConfigureAwait(false));
        }
        return rows;
    }

    private static string Id(long sequence) => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>wamids are base64-like and can hold '/', which a Cosmos DB id cannot: documents are named by a hash.</summary>
    private static string MarkerId(string messageId) => "wamid-" + Hash(messageId);

    private static string OutboundId(string messageId) => "sent-" + Hash(messageId);

    /// <summary>Citizens are keyed by a blind index (their key is a phone number or a BSUID), as in SQLite.</summary>
    private string ContactId(string userKey) => "contact-" + Convert.ToHexStringLower(protector.BlindIndex(SqliteWhatsAppStore.UserKeyDomain, userKey));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    // UTC round-trip text sorts in time order.
    private static string Format(DateTimeOffset value) => CaseDocuments.FiledAtText(value);

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
}

/// <summary>A webhook body: id = its sequence number, in the one <c>inbox</c> partition; <see cref="Payload"/> encrypted, emptied when processed.</summary>
internal sealed record WhatsAppInboxItem(string Id, string Pk, string Kind, long Sequence, string ReceivedAt, string Key, string Payload, bool Pending, string? ProcessedAt);

/// <summary>An inbound message id already processed: its existence is the fact (a second create answers 409).</summary>
internal sealed record WhatsAppMarker(string Id, string Pk, string Kind, string ProcessedAt);

internal sealed record WhatsAppOutboundItem(string Id, string Pk, string Kind, int Status, string UpdatedAt, string? ErrorCode);

internal sealed record WhatsAppContactItem(string Id, string Pk, string Kind, string LastInboundAt);

internal sealed record InboxRow(long Sequence, string ReceivedAt, string Key, string Payload);
