using System.Globalization;
using System.Net;
using IessBot.Staff;
using Microsoft.Azure.Cosmos;

namespace IessBot.Storage.Azure;

/// <summary>
/// The audit trail in Cosmos DB (layout: <see cref="CosmosContainers.Staff"/>): one hash chain in the logical
/// partition <c>audit</c>, id = the sequence number. Appending reads the last entry (remembered between appends) and
/// creates entry n + 1; when another instance appended first, the create answers 409 (the id is taken), and the
/// append re-reads the last entry and retries. So sequence numbers stay dense and every entry's previous hash is
/// the hash of the entry before it, across instances, without a transaction. Hashes and checking: <see cref="AuditChain"/>,
/// shared with the embedded trail.
/// </summary>
internal sealed class CosmosAuditTrail(Container container, PersonalDataProtector protector) : IAuditTrail
{
    internal const string Partition = "audit";
    internal const string Kind = "audit";

    private static readonly PartitionKey Key = new(Partition);
    private static readonly ItemRequestOptions CreateOptions = new() { EnableContentResponseOnWrite = false };

    private readonly Lock _gate = new();
    private (long Sequence, string Hash)? _last;

    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var last = Last() ?? await ReadLastAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var sequence = last.Sequence + 1;
            var entry = AuditChain.Seal(protector.AuditChainKey, sequence, last.Hash, record);
            using var body = CosmosJson.Serialize(ToItem(entry), CosmosJson.Default.AuditItem);
            using var response = await container.CreateItemStreamAsync(body, Key, CreateOptions, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Conflict)
            {
                CosmosConversationStateStore.EnsureSuccess(response);
                Remember(sequence, entry.Hash);
                return entry;
            }
            // Another instance (or a concurrent append here) took this number: continue from the real last entry.
            last = await ReadLastAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? caseNumber, int max, long? beforeSequence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var sql = $"SELECT TOP {max} * FROM c WHERE c.kind = @kind";
        var query = new QueryDefinition(sql
            + (caseNumber is null ? "" : " AND c.caseNumber = @case")
            + (beforeSequence is null ? "" : " AND c.sequence < @before")
            + " ORDER BY c.sequence DESC").WithParameter("@kind", Kind);
        if (caseNumber is not null)
        {
            query = query.WithParameter("@case", caseNumber);
        }
        if (beforeSequence is { } before)
        {
            query = query.WithParameter("@before", before);
        }
        var entries = new List<AuditEntry>();
        await foreach (var item in QueryAsync(query, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ToEntry(item));
        }
        return entries;
    }

    public async Task<AuditChainCheck> VerifyAsync(CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.kind = @kind ORDER BY c.sequence").WithParameter("@kind", Kind);
        var verifier = new AuditChain.Verifier(protector.AuditChainKey);
        await foreach (var item in QueryAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (!verifier.Add(ToEntry(item)))
            {
                break;
            }
        }
        return verifier.Result;
    }

    private (long Sequence, string Hash)? Last()
    {
        lock (_gate)
        {
            return _last;
        }
    }

    private void Remember(long sequence, string hash)
    {
        lock (_gate)
        {
            if (_last is not { } known || known.Sequence < sequence)
            {
                _last = (sequence, hash);
            }
        }
    }

    private async Task<(long Sequence, string Hash)> ReadLastAsync(CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT TOP 1 * FROM c WHERE c.kind = @kind ORDER BY c.sequence DESC").WithParameter("@kind", Kind);
        await foreach (var item in QueryAsync(query, cancellationToken).ConfigureAwait(false))
        {
            return (item.Sequence, item.Hash);
        }
        return (0, AuditChain.GenesisHash);
    }

    private async IAsyncEnumerable<AuditItem> QueryAsync(QueryDefinition query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var feed = container.GetItemQueryIterator<AuditItem>(query, requestOptions: new QueryRequestOptions { PartitionKey = Key });
        while (feed.HasMoreResults)
        {
            foreach (var item in await feed.ReadNextAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    private static AuditItem ToItem(AuditEntry entry) => new()
    {
        Id = entry.Sequence.ToString(CultureInfo.InvariantCulture),
        Pk = Partition,
        Kind = Kind,
        Sequence = entry.Sequence,
        At = CaseProgressFields.Text(entry.Record.At),
        ActorId = entry.Record.ActorId,
        Action = entry.Record.Action,
        CaseNumber = entry.Record.CaseNumber,
        Detail = entry.Record.Detail,
        PreviousHash = entry.PreviousHash,
        Hash = entry.Hash,
    };

    private static AuditEntry ToEntry(AuditItem item) => new(
        item.Sequence,
        new AuditRecord(CaseProgressFields.Time(item.At), item.ActorId, item.Action, item.CaseNumber, item.Detail),
        item.PreviousHash,
        item.Hash);
}

/// <summary>An audit entry as stored: all in clear (an audit record holds no personal data), with its chain hashes.</summary>
internal sealed record AuditItem
{
    public required string Id { get; init; }
    public required string Pk { get; init; }
    public required string Kind { get; init; }
    public required long Sequence { get; init; }
    public required string At { get; init; }
    public required string ActorId { get; init; }
    public required string Action { get; init; }
    public string? CaseNumber { get; init; }
    public string? Detail { get; init; }
    public required string PreviousHash { get; init; }
    public required string Hash { get; init; }
}
