using System.Net;
using System.Text;
using System.Text.Json;
using IessBot.Cases;
using Microsoft.Azure.Cosmos;

namespace IessBot.Storage.Azure;

/// <summary>
/// Cases in Cosmos DB (layout and partitioning: <see cref="CosmosContainers.Cases"/>). As in the embedded store the
/// whole case is one encrypted JSON document (associated data: the case number); the fields staff filter on stay in
/// clear, and the cédula is reachable only through its blind index. No TransactionalBatch, DISTINCT, GROUP BY or
/// LIKE: every write is one document, every query a plain indexed filter with ORDER BY.
/// </summary>
/// <param name="start">The progress of a new case (<see cref="CaseWorkflow.Start"/>), written with it; null leaves it to the first read.</param>
internal sealed class CosmosCaseStore(Container container, PersonalDataProtector protector, Func<FiledCase, CaseProgress>? start = null) : ICaseStore
{
    public const string FiledAtField = "filedAt";
    public const string DueAtField = "dueAt";

    /// <summary>The fields queries filter or sort on: the only ones indexed (the workflow's: <see cref="CosmosCaseWorkflowStore"/>).</summary>
    public static readonly IReadOnlyList<string> IndexedFields =
    [
        "type", "status", "category", "provinceCode", "channel", FiledAtField, "cedulaIndex",
        "team", "assigneeId", DueAtField, "atRiskAt", "pausedSince",
    ];

    internal Container Container => container;

    internal Func<FiledCase, CaseProgress>? Start => start;

    private static readonly ItemRequestOptions CreateOptions = new() { EnableContentResponseOnWrite = false };

    public Task<FiledCase> CreateAsync(FiledCase filedCase, CancellationToken cancellationToken) =>
        CreateAsync(filedCase, outbox: null, cancellationToken);

    /// <summary>
    /// Creates the case with <paramref name="outbox"/> (built from the case as stored) inside its document: one
    /// single-document write, so the case and its notifications exist together or not at all.
    /// </summary>
    internal async Task<FiledCase> CreateAsync(FiledCase filedCase, Func<FiledCase, List<OutboxItem>>? outbox, CancellationToken cancellationToken)
    {
        var number = CaseNumber.TryParse(filedCase.CaseNumber, out var parsed)
            ? parsed.Value
            : throw new ArgumentException("A case needs a valid case number.", nameof(filedCase));
        var stored = filedCase with { CaseNumber = number };

        var item = ToItem(stored);
        if (start is not null)
        {
            // The filing's status is where its workflow starts (Recibido for every filing the chat makes).
            item = CaseProgressFields.With(item, start(stored) with { Status = stored.Status }, events: []);
        }
        if (outbox?.Invoke(stored) is { Count: > 0 } messages)
        {
            item = item with { Outbox = messages, OutboxDue = OutboxIndex.Due(messages), OutboxSince = OutboxIndex.Since(messages) };
        }
        using var body = new MemoryStream();
        await JsonSerializer.SerializeAsync(body, item, CosmosJson.Default.CaseItem, cancellationToken).ConfigureAwait(false);
        body.Position = 0;
        using var response = await container.CreateItemStreamAsync(body, new PartitionKey(number), CreateOptions, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            CosmosConversationStateStore.EnsureSuccess(response);
            return stored;
        }

        // The number is taken: by this same filing (a retried or concurrent confirmation) or by another one.
        var existing = await ReadItemAsync(number, cancellationToken).ConfigureAwait(false);
        return existing is not null && existing.FilingId == filedCase.FilingId
            ? Unprotect(existing)
            : throw new DuplicateCaseNumberException(number);
    }

    public async Task<FiledCase?> GetAsync(string caseNumber, CancellationToken cancellationToken)
    {
        if (!CaseNumber.TryParse(caseNumber, out var parsed))
        {
            return null;
        }
        var item = await ReadItemAsync(parsed.Value, cancellationToken).ConfigureAwait(false);
        return item is null ? null : Unprotect(item);
    }

    public Task<IReadOnlyList<FiledCase>> FindByCedulaAsync(string cedula, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition($"SELECT c.id, c.document, c.status FROM c WHERE c.cedulaIndex = @cedula ORDER BY c.{FiledAtField}, c.id")
            .WithParameter("@cedula", Convert.ToHexStringLower(CaseDocuments.CedulaIndex(protector, cedula)));
        return ReadAllAsync(query, maxItemCount: null, cancellationToken);
    }

    public async Task<CasePage> QueryAsync(CaseQuery query, CancellationToken cancellationToken)
    {
        CaseDocuments.ValidatePageSize(query);
        var after = CaseDocuments.ReadContinuation(query.ContinuationToken);
        // Only cases: the container also holds outbox documents of messages without a case (CosmosOutbox).
        var sql = new StringBuilder($"SELECT TOP {query.PageSize + 1} c.id, c.document, c.status FROM c WHERE IS_DEFINED(c.type)");
        var parameters = new List<(string, object)>();
        void Filter(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                parameters.Add((name, value));
            }
        }
        Filter("c.type = @type", "@type", query.Type?.ToString());
        Filter("c.status = @status", "@status", query.Status);
        Filter($"c.{FiledAtField} >= @from", "@from", query.FiledFrom is { } from ? CaseDocuments.FiledAtText(from) : null);
        Filter($"c.{FiledAtField} < @before", "@before", query.FiledBefore is { } before ? CaseDocuments.FiledAtText(before) : null);
        if (after is var (afterFiledAt, afterNumber))
        {
            Filter($"(c.{FiledAtField} < @afterAt OR (c.{FiledAtField} = @afterAt AND c.id < @afterId))", "@afterAt", afterFiledAt);
            parameters.Add(("@afterId", afterNumber));
        }
        sql.Append($" ORDER BY c.{FiledAtField} DESC, c.id DESC");

        var definition = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }
        var cases = await ReadAllAsync(definition, query.PageSize + 1, cancellationToken).ConfigureAwait(false);
        return cases.Count > query.PageSize
            ? new CasePage([.. cases.Take(query.PageSize)], CaseDocuments.ContinuationAfter(cases[query.PageSize - 1]))
            : new CasePage(cases, null);
    }

    private async Task<CaseItem?> ReadItemAsync(string number, CancellationToken cancellationToken) =>
        (await ReadWithETagAsync(number, cancellationToken).ConfigureAwait(false)).Item;

    /// <summary>The case document and its ETag, for a conditional replace; (null, null) when there is no such case.</summary>
    internal async Task<(CaseItem? Item, string? ETag)> ReadWithETagAsync(string number, CancellationToken cancellationToken)
    {
        using var response = await container.ReadItemStreamAsync(number, new PartitionKey(number), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, null);
        }
        CosmosConversationStateStore.EnsureSuccess(response);
        var item = await JsonSerializer.DeserializeAsync(response.Content, CosmosJson.Default.CaseItem, cancellationToken).ConfigureAwait(false);
        return (item, response.Headers.ETag);
    }

    private async Task<IReadOnlyList<FiledCase>> ReadAllAsync(QueryDefinition query, int? maxItemCount, CancellationToken cancellationToken)
    {
        var cases = new List<FiledCase>();
        using var feed = container.GetItemQueryIterator<CaseRow>(query, requestOptions: new QueryRequestOptions { MaxItemCount = maxItemCount });
        while (feed.HasMoreResults)
        {
            foreach (var row in await feed.ReadNextAsync(cancellationToken).ConfigureAwait(false))
            {
                cases.Add(Unprotect(row.Id, row.Document) with { Status = row.Status });
            }
        }
        return cases;
    }

    /// <summary>The filing as the citizen filed it, with the current status of the workflow.</summary>
    internal FiledCase Unprotect(CaseItem item) => Unprotect(item.Id, item.Document) with { Status = item.Status };

    private FiledCase Unprotect(string number, string document) =>
        CaseDocuments.Unprotect(protector, Convert.FromBase64String(document), number);

    private CaseItem ToItem(FiledCase filedCase) => new()
    {
        Id = filedCase.CaseNumber,
        FilingId = filedCase.FilingId,
        Type = filedCase.Type.ToString(),
        Category = filedCase.Category,
        Status = filedCase.Status,
        ProvinceCode = filedCase.Address.ProvinceCode,
        Channel = filedCase.ChannelId,
        FiledAt = CaseDocuments.FiledAtText(filedCase.FiledAt),
        CedulaIndex = Convert.ToHexStringLower(CaseDocuments.CedulaIndex(protector, filedCase.Cedula)),
        Document = Convert.ToBase64String(CaseDocuments.Protect(protector, filedCase)),
    };
}

/// <summary>A case as stored: the fields in clear are the ones staff filter on; everything personal is in <see cref="Document"/>.</summary>
internal sealed record CaseItem
{
    public required string Id { get; init; }
    public required string FilingId { get; init; }
    public required string Type { get; init; }
    public required string Category { get; init; }
    public required string Status { get; init; }
    public required string ProvinceCode { get; init; }
    public required string Channel { get; init; }
    public required string FiledAt { get; init; }
    public required string CedulaIndex { get; init; }
    public required string Document { get; init; }

    /// <summary>The case's notifications (<see cref="CosmosOutbox"/>); absent until a message is queued for it.</summary>
    public List<OutboxItem>? Outbox { get; init; }
    public Dictionary<string, string>? OutboxDue { get; init; }
    public Dictionary<string, string>? OutboxSince { get; init; }

    // The workflow's progress (CaseProgress) in clear: no personal data, and the staff list filters and sorts on it.
    // Absent on a case filed before the workflow existed, until its first read (CosmosCaseWorkflowStore).
    public string? Team { get; init; }
    public string? AssigneeId { get; init; }
    public string? AssigneeName { get; init; }
    public string? DueAt { get; init; }
    public string? AtRiskAt { get; init; }
    public string? PausedSince { get; init; }
    public string? FirstResponseAt { get; init; }
    public string? ResolvedAt { get; init; }
    public string? ClosedAt { get; init; }
    public long? Version { get; init; }

    /// <summary>The timeline, oldest first: each event encrypted on its own (associated data: case number and position).</summary>
    public List<string>? Events { get; init; }
}

internal sealed record CaseRow(string Id, string Document, string Status);
