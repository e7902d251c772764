using System.Net;
using IessBot.Cases;
using Microsoft.Azure.Cosmos;

namespace IessBot.Storage.Azure;

/// <summary>
/// The case workflow in Cosmos DB: progress and timeline live in the case document (<see cref="CaseProgressFields"/>),
/// so a change, its timeline entries and (through <see cref="CosmosOutbox.UpdateCaseAsync"/>) its notifications are
/// one conditional replace of one document: atomic without a transaction. The replace is conditional on the ETag
/// read; a 412 caused by something else (an outbox claim patches the same document) is retried on the fresh
/// document as long as the progress version is still the one the change was made from.
/// The staff list and the statistics are queries of the clear fields (<see cref="CosmosCaseQueries"/>).
/// </summary>
internal sealed class CosmosCaseWorkflowStore(CosmosCaseStore cases, PersonalDataProtector protector) : ICaseWorkflowStore
{
    private readonly CosmosCaseQueries _queries = new(cases.Container);

    public async Task<CaseFile?> GetAsync(string caseNumber, CancellationToken cancellationToken)
    {
        if (!CaseNumber.TryParse(caseNumber, out var parsed))
        {
            return null;
        }
        while (true)
        {
            var (item, etag) = await cases.ReadWithETagAsync(parsed.Value, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return null;
            }
            var filing = cases.Unprotect(item);
            if (CaseProgressFields.Read(item) is { } progress)
            {
                return new CaseFile(filing, progress, Timeline(item, filing));
            }
            // Filed before the workflow existed: its progress is written now, once (a 412 means another reader did).
            var started = StartOf(filing);
            if (await TryReplaceAsync(CaseProgressFields.With(item, started, events: []), etag!, cancellationToken).ConfigureAwait(false))
            {
                return new CaseFile(filing with { Status = started.Status }, started, [CaseWorkflow.FiledEvent(filing)]);
            }
        }
    }

    public Task<CaseProgress> UpdateAsync(CaseChange change, CancellationToken cancellationToken) =>
        UpdateAsync(change, outbox: null, cancellationToken);

    /// <summary>
    /// Stores <paramref name="change"/> and, when given, the outbox items <paramref name="outbox"/> makes from the
    /// document's current outbox: one replace of the case document.
    /// </summary>
    internal async Task<CaseProgress> UpdateAsync(CaseChange change, Func<List<OutboxItem>, List<OutboxItem>>? outbox, CancellationToken cancellationToken)
    {
        var number = CaseNumber.TryParse(change.Progress.CaseNumber, out var parsed)
            ? parsed.Value
            : throw new ArgumentException("The change names no valid case number.", nameof(change));
        while (true)
        {
            var (item, etag) = await cases.ReadWithETagAsync(number, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                throw new InvalidOperationException($"The case {number} does not exist.");
            }
            var current = CaseProgressFields.Read(item) ?? StartOf(cases.Unprotect(item));
            if (current.Version != change.Progress.Version)
            {
                throw new CaseChangedException(number);
            }
            // What the filing fixed stays as filed; the rest is the change's.
            var stored = change.Progress with
            {
                CaseNumber = number,
                Type = current.Type,
                Category = current.Category,
                ProvinceCode = current.ProvinceCode,
                FiledAt = current.FiledAt,
                Version = current.Version + 1,
            };
            var events = item.Events ?? [];
            var next = CaseProgressFields.With(item, stored,
                [.. events, .. change.Events.Select((e, i) => CaseProgressFields.ProtectEvent(protector, number, events.Count + i, e))]);
            if (outbox is not null)
            {
                var items = outbox(item.Outbox ?? []);
                next = next with { Outbox = items, OutboxDue = OutboxIndex.Due(items), OutboxSince = OutboxIndex.Since(items) };
            }
            if (await TryReplaceAsync(next, etag!, cancellationToken).ConfigureAwait(false))
            {
                return stored;
            }
        }
    }

    public Task<CaseListPage> ListAsync(CaseListQuery query, IReadOnlySet<CaseTeam> teams, DateTimeOffset now, CancellationToken cancellationToken) =>
        _queries.ListAsync(query, teams, now, cancellationToken);

    public Task<CaseStatistics> StatisticsAsync(StatisticsQuery query, CancellationToken cancellationToken) =>
        _queries.StatisticsAsync(query, cancellationToken);

    /// <summary>The Filed entry, built from the filing (it is not stored), then the stored events.</summary>
    private List<CaseEvent> Timeline(CaseItem item, FiledCase filing) =>
    [
        CaseWorkflow.FiledEvent(filing),
        .. (item.Events ?? []).Select((e, i) => CaseProgressFields.UnprotectEvent(protector, item.Id, i, e)),
    ];

    private CaseProgress StartOf(FiledCase filing) => cases.Start is { } start
        ? start(filing)
        : throw new InvalidOperationException("The case store was opened without the workflow's start (CaseWorkflow.Start).");

    /// <summary>Replaces the document if it is still at <paramref name="etag"/>; false when it changed since.</summary>
    private async Task<bool> TryReplaceAsync(CaseItem item, string etag, CancellationToken cancellationToken)
    {
        using var body = CosmosJson.Serialize(item, CosmosJson.Default.CaseItem);
        using var response = await cases.Container.ReplaceItemStreamAsync(body, item.Id, new PartitionKey(item.Id),
            new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
        CosmosConversationStateStore.EnsureSuccess(response);
        return true;
    }
}
