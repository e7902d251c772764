using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using IessBot.Cases;
using IessBot.Notifications;
using Microsoft.Azure.Cosmos;

namespace IessBot.Storage.Azure;

/// <summary>
/// The outbox in Cosmos DB (layout: <see cref="CosmosContainers.Cases"/>). A message lives in the document it belongs
/// to: the case document, written with the case in one create (Cosmos DB has no multi-document transaction the
/// stand-in runs), or, for a message without a stored case, a small outbox document of its own in the cases
/// container. Each document carries two small indexed maps kept in step with its <c>outbox</c> array:
/// <c>outboxDue</c> (channel → when its earliest pending message is due: its next attempt, or the end of its lease)
/// and <c>outboxSince</c> (state → the creation time of its oldest message in that state). The dispatcher queries
/// the first and claims through a patch conditional on the document's ETag, so two instances never both claim one
/// message: the second one's patch gets 412 and it moves on. Payloads are encrypted as in SQLite (associated data:
/// the message id).
/// </summary>
internal sealed partial class CosmosOutbox(Container container, CosmosCaseStore cases, PersonalDataProtector protector, TimeProvider time) : IOutbox
{
    internal const string StandaloneKind = "outbox";

    private readonly CosmosCaseWorkflowStore _workflow = new(cases, protector);

    public Task<FiledCase> CreateCaseAsync(FiledCase filedCase, Func<FiledCase, IReadOnlyList<OutboxMessage>> messages, CancellationToken cancellationToken)
    {
        var now = Text(time.GetUtcNow());
        return cases.CreateAsync(filedCase, stored => [.. messages(stored).DistinctBy(m => m.Id).Select(m => NewItem(m, now))], cancellationToken);
    }

    /// <summary>The change and its messages in one conditional replace of the case document; a message already queued (same id) is left as it is.</summary>
    public Task<CaseProgress> UpdateCaseAsync(CaseChange change, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var now = Text(time.GetUtcNow());
        var items = messages.DistinctBy(m => m.Id).Select(m => NewItem(m, now)).ToList();
        return _workflow.UpdateAsync(change, existing => [.. existing, .. items.Where(item => existing.All(e => e.Id != item.Id))], cancellationToken);
    }

    public async Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var item = NewItem(message, Text(time.GetUtcNow()));
        if (message.CaseNumber is { } number && CaseNumber.TryParse(number, out var parsed)
            && await AppendToDocumentAsync(parsed.Value, item, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        var document = new StandaloneOutbox(StandaloneId(message.Id), StandaloneKind, [item], OutboxIndex.Due([item]), OutboxIndex.Since([item]));
        using var body = CosmosJson.Serialize(document, CosmosJson.Default.StandaloneOutbox);
        using var response = await container.CreateItemStreamAsync(body, new PartitionKey(document.Id),
            new ItemRequestOptions { EnableContentResponseOnWrite = false }, cancellationToken).ConfigureAwait(false);
        // 409: the message is queued already.
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            CosmosConversationStateStore.EnsureSuccess(response);
        }
    }

    public async Task<IReadOnlyList<ClaimedMessage>> ClaimDueAsync(string channel, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = Text(time.GetUtcNow());
        var until = Text(time.GetUtcNow() + lease);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var due = $"c.outboxDue.{Field(channel)}";
        var query = new QueryDefinition($"SELECT TOP {max} c.id, c.outbox, c._etag FROM c WHERE {due} <= @now ORDER BY {due}").WithParameter("@now", now);
        var claimed = new List<ClaimedMessage>();
        foreach (var document in await QueryAsync<OutboxRow>(query, cancellationToken).ConfigureAwait(false))
        {
            var items = document.Outbox ?? [];
            var picked = items
                .Select((item, index) => (item, index))
                .Where(x => x.item.Channel == channel && x.item.State == nameof(OutboxState.Pending) && string.CompareOrdinal(OutboxIndex.DueAt(x.item), now) <= 0)
                .Take(max - claimed.Count)
                .ToList();
            foreach (var (item, index) in picked)
            {
                items[index] = item with { ClaimToken = token, ClaimedUntil = until, Attempts = item.Attempts + 1 };
            }
            if (picked.Count == 0 || !await TryWriteAsync(document.Id, items, document.ETag, cancellationToken).ConfigureAwait(false))
            {
                // Claimed or changed by another instance since the query: its messages are not ours this round.
                continue;
            }
            claimed.AddRange(picked.Select(x => new ClaimedMessage(Decrypt(x.item), x.item.Attempts + 1, $"{token}@{document.Id}")));
            if (claimed.Count >= max)
            {
                break;
            }
        }
        return claimed;
    }

    public Task<bool> MarkSentAsync(ClaimedMessage claimed, CancellationToken cancellationToken)
    {
        var now = Text(time.GetUtcNow());
        return SettleAsync(claimed, item => item with { State = nameof(OutboxState.Sent), SentAt = now }, cancellationToken);
    }

    public Task<bool> RetryLaterAsync(ClaimedMessage claimed, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        SettleAsync(claimed, item => item with { NextAttemptAt = Text(nextAttemptAt), LastError = error }, cancellationToken);

    public Task<bool> DeadLetterAsync(ClaimedMessage claimed, string error, CancellationToken cancellationToken) =>
        SettleAsync(claimed, item => item with { State = nameof(OutboxState.DeadLetter), LastError = error }, cancellationToken);

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState state, int max, CancellationToken cancellationToken)
    {
        // The first `max` documents by their oldest message in the state hold the `max` oldest such messages.
        var since = $"c.outboxSince.{OutboxIndex.StateField(state)}";
        var query = new QueryDefinition($"SELECT TOP {max} c.id, c.outbox, c._etag FROM c WHERE IS_DEFINED({since}) ORDER BY {since}");
        var documents = await QueryAsync<OutboxRow>(query, cancellationToken).ConfigureAwait(false);
        return [.. documents
            .SelectMany(d => d.Outbox ?? [])
            .Where(item => item.State == state.ToString())
            .OrderBy(item => item.CreatedAt, StringComparer.Ordinal).ThenBy(item => item.Id, StringComparer.Ordinal)
            .Take(max)
            .Select(item => new OutboxEntry(
                item.Id, item.Channel, item.CaseNumber, state, item.Attempts, Time(item.CreatedAt), Time(item.NextAttemptAt),
                item.SentAt is null ? null : Time(item.SentAt), item.LastError))];
    }

    /// <summary>Adds the message to a stored case's document; false when there is no such case.</summary>
    private async Task<bool> AppendToDocumentAsync(string documentId, OutboxItem item, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (document, etag) = await ReadAsync(documentId, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                return false;
            }
            var items = document.Outbox ?? [];
            if (items.Any(existing => existing.Id == item.Id) || await TryWriteAsync(documentId, [.. items, item], etag!, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    /// <summary>Only the claim's holder may settle, as in SQLite: the token must still be on the pending message.</summary>
    private async Task<bool> SettleAsync(ClaimedMessage claimed, Func<OutboxItem, OutboxItem> settle, CancellationToken cancellationToken)
    {
        var at = claimed.ClaimToken.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }
        var (token, documentId) = (claimed.ClaimToken[..at], claimed.ClaimToken[(at + 1)..]);
        while (true)
        {
            var (document, etag) = await ReadAsync(documentId, cancellationToken).ConfigureAwait(false);
            var items = document?.Outbox ?? [];
            var index = items.FindIndex(item => item.Id == claimed.Message.Id && item.ClaimToken == token && item.State == nameof(OutboxState.Pending));
            if (index < 0)
            {
                return false;
            }
            items[index] = settle(items[index]) with { ClaimToken = null, ClaimedUntil = null };
            if (await TryWriteAsync(documentId, items, etag!, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    /// <summary>Writes the outbox and its two indexed maps, if the document is still at <paramref name="etag"/>.</summary>
    private async Task<bool> TryWriteAsync(string documentId, List<OutboxItem> items, string etag, CancellationToken cancellationToken)
    {
        PatchOperation[] operations =
        [
            PatchOperation.Set("/outbox", items),
            PatchOperation.Set("/outboxDue", OutboxIndex.Due(items)),
            PatchOperation.Set("/outboxSince", OutboxIndex.Since(items)),
        ];
        using var response = await container.PatchItemStreamAsync(documentId, new PartitionKey(documentId), operations,
            new PatchItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return false;
        }
        CosmosConversationStateStore.EnsureSuccess(response);
        return true;
    }

    private async Task<(OutboxRow? Document, string? ETag)> ReadAsync(string documentId, CancellationToken cancellationToken)
    {
        using var response = await container.ReadItemStreamAsync(documentId, new PartitionKey(documentId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, null);
        }
        CosmosConversationStateStore.EnsureSuccess(response);
        var document = await System.Text.Json.JsonSerializer.DeserializeAsync(response.Content, CosmosJson.Default.OutboxRow, cancellationToken).ConfigureAwait(false);
        return (document, response.Headers.ETag);
    }

    private async Task<List<T>> QueryAsync<T>(QueryDefinition query, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        using var feed = container.GetItemQueryIterator<T>(query);
        while (feed.HasMoreResults)
        {
            rows.AddRange(await feed.ReadNextAsync(cancellationToken).ConfigureAwait(false));
        }
        return rows;
    }

    private OutboxItem NewItem(OutboxMessage message, string now) => new()
    {
        Id = message.Id,
        Channel = message.Channel,
        CaseNumber = message.CaseNumber,
        Payload = Convert.ToBase64String(protector.Protect(Encoding.UTF8.GetBytes(message.Payload), Encoding.UTF8.GetBytes(message.Id))),
        State = nameof(OutboxState.Pending),
        CreatedAt = now,
        NextAttemptAt = now,
    };

    private OutboxMessage Decrypt(OutboxItem item) => new(
        item.Id,
        item.Channel,
        Encoding.UTF8.GetString(protector.Unprotect(Convert.FromBase64String(item.Payload), Encoding.UTF8.GetBytes(item.Id))),
        item.CaseNumber);

    /// <summary>Message ids can hold '/', which a Cosmos DB id cannot: the document is named by a hash.</summary>
    private static string StandaloneId(string messageId) =>
        "outbox-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)));

    /// <summary>The channel becomes a property name in the query text: only plain names are accepted.</summary>
    private static string Field(string channel) =>
        ChannelName().IsMatch(channel) ? channel : throw new ArgumentException("A channel name is lower-case letters and digits.", nameof(channel));

    private static string Text(DateTimeOffset instant) => CaseDocuments.FiledAtText(instant);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);

    [GeneratedRegex("^[a-z][a-z0-9]{0,31}$")]
    private static partial Regex ChannelName();
}

/// <summary>The indexed maps of a document's outbox (see <see cref="CosmosOutbox"/>); times are UTC round-trip text, which sorts in time order.</summary>
internal static class OutboxIndex
{
    /// <summary>A pending message is due at its next attempt, or when its lease ends if it is claimed.</summary>
    public static string DueAt(OutboxItem item) =>
        item.ClaimedUntil is { } until && string.CompareOrdinal(until, item.NextAttemptAt) > 0 ? until : item.NextAttemptAt;

    public static Dictionary<string, string> Due(IEnumerable<OutboxItem> items) => items
        .Where(item => item.State == nameof(OutboxState.Pending))
        .GroupBy(item => item.Channel)
        .ToDictionary(group => group.Key, group => group.Select(DueAt).Min(StringComparer.Ordinal)!);

    public static Dictionary<string, string> Since(IEnumerable<OutboxItem> items) => items
        .GroupBy(item => Enum.Parse<OutboxState>(item.State))
        .ToDictionary(group => StateField(group.Key), group => group.Select(item => item.CreatedAt).Min(StringComparer.Ordinal)!);

    public static string StateField(OutboxState state) => state switch
    {
        OutboxState.Pending => "pending",
        OutboxState.Sent => "sent",
        OutboxState.DeadLetter => "deadLetter",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}

/// <summary>One message in a document's <c>outbox</c> array. <see cref="Payload"/> is encrypted.</summary>
internal sealed record OutboxItem
{
    public required string Id { get; init; }
    public required string Channel { get; init; }
    public string? CaseNumber { get; init; }
    public required string Payload { get; init; }
    public required string State { get; init; }
    public int Attempts { get; init; }
    public required string CreatedAt { get; init; }
    public required string NextAttemptAt { get; init; }
    public string? ClaimedUntil { get; init; }
    public string? ClaimToken { get; init; }
    public string? SentAt { get; init; }
    public string? LastError { get; init; }
}

/// <summary>A message queued without a stored case: a document of its own, partitioned by its id.</summary>
internal sealed record StandaloneOutbox(string Id, string Kind, List<OutboxItem> Outbox, Dictionary<string, string> OutboxDue, Dictionary<string, string> OutboxSince);

/// <summary>What the outbox reads of any document that carries one.</summary>
internal sealed record OutboxRow(string Id, List<OutboxItem>? Outbox, [property: JsonPropertyName("_etag")] string ETag);
