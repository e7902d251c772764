using System.Globalization;
using System.Text;
using IessBot.Cases;
using Microsoft.Azure.Cosmos;

namespace IessBot.Storage.Azure;

/// <summary>
/// The staff list and the statistics over the clear progress fields of the case documents (cross-partition queries:
/// the cases container is partitioned by case number, see <see cref="CosmosContainers.Cases"/>).
/// The list is two queries. <c>SELECT VALUE COUNT(1)</c> with the filters: served from the index (the filtered
/// fields are indexed), its charge grows with the number of matching index entries, not with document size. Then
/// <c>SELECT TOP (page × size)</c> of the progress fields only, <c>ORDER BY dueAt, id</c> (composite index), and the
/// earlier pages skipped here. Cosmos DB charges an <c>OFFSET n LIMIT m</c> for the n skipped documents as well, so
/// the RU cost is the same; what TOP adds is the skipped rows on the wire (≈ 0.4 KB each, and never the encrypted
/// document), and it runs on the local stand-in, which has no OFFSET. Staff read the first pages (the list is sorted
/// by urgency); a keyset would make deep pages cheaper but cannot jump to page n, which the pager offers.
/// The SLA filter is a condition on status, <c>atRiskAt</c> and <c>dueAt</c> against <c>now</c> (the same rule as
/// <c>CaseWorkflow.SlaOf</c>); nothing about the SLA is stored.
/// </summary>
internal sealed class CosmosCaseQueries(Container container)
{
    private static readonly string[] Running = [CaseStatuses.Received, CaseStatuses.InAnalysis];
    private static readonly string[] Unfinished = [CaseStatuses.Received, CaseStatuses.InAnalysis, CaseStatuses.InformationRequested];
    private static readonly string[] Finished = [CaseStatuses.Resolved, CaseStatuses.Referred, CaseStatuses.Closed];

    /// <summary>Ecuador (America/Guayaquil): UTC−5 all year, no daylight saving time. The months of the statistics are Ecuador's.</summary>
    private static readonly TimeSpan EcuadorOffset = TimeSpan.FromHours(-5);

    public async Task<CaseListPage> ListAsync(CaseListQuery query, IReadOnlySet<CaseTeam> teams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (query.PageSize is < 1 or > CaseListQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, $"The page size must be between 1 and {CaseListQuery.MaxPageSize}.");
        }
        if (query.Page < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Page, "Pages are numbered from 1.");
        }
        var empty = new CaseListPage([], 0, query.Page, query.PageSize);
        string? number = null;
        if (query.CaseNumber is { } typed)
        {
            if (!CaseNumber.TryParse(typed, out var parsed))
            {
                return empty;
            }
            number = parsed.Value;
        }
        if (teams.Count == 0)
        {
            return empty;
        }

        var filter = new Filter();
        filter.In("c.team", "@team", teams.Select(t => t.ToString()));
        filter.Equal("c.team", "@onlyTeam", query.Team?.ToString());
        filter.Equal("c.type", "@type", query.Type?.ToString());
        filter.Equal("c.category", "@category", query.Category);
        filter.Equal("c.status", "@status", query.Status);
        filter.Equal("c.provinceCode", "@province", query.ProvinceCode);
        filter.Equal("c.assigneeId", "@assignee", query.AssigneeId);
        filter.Equal("c.id", "@id", number);
        filter.Compare($"c.{CosmosCaseStore.FiledAtField} >= @from", "@from", query.FiledFrom);
        filter.Compare($"c.{CosmosCaseStore.FiledAtField} < @before", "@before", query.FiledBefore);
        if (query.Sla is { } sla)
        {
            Sla(filter, sla, now);
        }

        var total = (await ReadAllAsync<int>(filter.Definition("SELECT VALUE COUNT(1) FROM c"), cancellationToken).ConfigureAwait(false)).Sum();
        var skip = (long)(query.Page - 1) * query.PageSize;
        if (skip >= total)
        {
            return empty with { TotalCount = total };
        }
        var top = skip + query.PageSize;
        var rows = await ReadAllAsync<ProgressRow>(
            filter.Definition($"SELECT TOP {top} {ProgressRow.Projection} FROM c", $" ORDER BY c.{CosmosCaseStore.DueAtField}, c.id"),
            cancellationToken).ConfigureAwait(false);
        return new CaseListPage([.. rows.Skip((int)skip).Select(CaseProgressFields.Read)], total, query.Page, query.PageSize);
    }

    public async Task<CaseStatistics> StatisticsAsync(StatisticsQuery query, CancellationToken cancellationToken)
    {
        var rows = new List<ProgressRow>();
        if (query.Teams.Count > 0)
        {
            var filter = new Filter();
            filter.In("c.team", "@team", query.Teams.Select(t => t.ToString()));
            filter.Compare($"c.{CosmosCaseStore.FiledAtField} >= @from", "@from", query.From);
            filter.Compare($"c.{CosmosCaseStore.FiledAtField} < @before", "@before", query.Before);
            // A period's cases, a few hundred bytes each: counted here (the stand-in has no GROUP BY).
            rows = await ReadAllAsync<ProgressRow>(filter.Definition($"SELECT {ProgressRow.Projection} FROM c"), cancellationToken).ConfigureAwait(false);
        }
        var progress = rows.Select(CaseProgressFields.Read).ToList();
        return new CaseStatistics(
            CountBy(progress, p => p.Type.ToString()),
            CountBy(progress, p => p.Category),
            CountBy(progress, p => p.ProvinceCode),
            CountBy(progress, p => p.Status),
            [.. progress
                .GroupBy(p => (Month: p.FiledAt.ToOffset(EcuadorOffset).ToString("yyyy-MM", CultureInfo.InvariantCulture), p.Type))
                .OrderBy(g => g.Key.Month, StringComparer.Ordinal).ThenBy(g => g.Key.Type)
                .Select(g => (g.Key.Month, g.Key.Type, g.Count()))],
            Median(progress.Where(p => p.FirstResponseAt is not null).Select(p => p.FirstResponseAt!.Value - p.FiledAt)),
            Median(progress.Where(p => p.ResolvedAt is not null).Select(p => p.ResolvedAt!.Value - p.FiledAt)));
    }

    /// <summary>
    /// The SLA states as conditions, the same rule as <c>CaseWorkflow.SlaOf</c>: finished by status; paused while
    /// Información solicitada or with a pause start; otherwise by the clock (at risk after <c>atRiskAt</c>, overdue after <c>dueAt</c>).
    /// </summary>
    private static void Sla(Filter filter, SlaState sla, DateTimeOffset now)
    {
        switch (sla)
        {
            case SlaState.Finished:
                filter.In("c.status", "@finished", Finished);
                return;
            case SlaState.Paused:
                filter.In("c.status", "@unfinished", Unfinished);
                filter.Where("(c.status = @paused OR IS_DEFINED(c.pausedSince))", "@paused", CaseStatuses.InformationRequested);
                return;
        }
        filter.In("c.status", "@running", Running);
        filter.Where("NOT IS_DEFINED(c.pausedSince)");
        var condition = sla switch
        {
            SlaState.Overdue => "c.dueAt < @now",
            SlaState.AtRisk => "c.atRiskAt < @now AND c.dueAt >= @now",
            _ => "c.atRiskAt >= @now",
        };
        filter.Compare(condition, "@now", now);
    }

    private static Dictionary<string, int> CountBy(IEnumerable<CaseProgress> progress, Func<CaseProgress, string> key) =>
        progress.GroupBy(key).ToDictionary(g => g.Key, g => g.Count());

    private static TimeSpan? Median(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private async Task<List<T>> ReadAllAsync<T>(QueryDefinition query, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        using var feed = container.GetItemQueryIterator<T>(query);
        while (feed.HasMoreResults)
        {
            rows.AddRange(await feed.ReadNextAsync(cancellationToken).ConfigureAwait(false));
        }
        return rows;
    }

    /// <summary>A WHERE clause of parameterised conditions; only cases with progress (outbox documents have none).</summary>
    private sealed class Filter
    {
        private readonly StringBuilder _where = new($" WHERE IS_DEFINED(c.{CosmosCaseStore.DueAtField})");
        private readonly List<(string Name, object Value)> _parameters = [];

        public void Equal(string field, string name, string? value)
        {
            if (value is not null)
            {
                _where.Append(" AND ").Append(field).Append(" = ").Append(name);
                _parameters.Add((name, value));
            }
        }

        public void Compare(string condition, string name, DateTimeOffset? value)
        {
            if (value is { } instant)
            {
                _where.Append(" AND ").Append(condition);
                _parameters.Add((name, CaseProgressFields.Text(instant)));
            }
        }

        public void Where(string condition, string? name = null, string? value = null)
        {
            _where.Append(" AND ").Append(condition);
            if (name is not null)
            {
                _parameters.Add((name, value!));
            }
        }

        public void In(string field, string prefix, IEnumerable<string> values)
        {
            var names = new List<string>();
            foreach (var value in values)
            {
                var name = prefix + names.Count.ToString(CultureInfo.InvariantCulture);
                names.Add(name);
                _parameters.Add((name, value));
            }
            _where.Append(" AND ").Append(field).Append(" IN (").Append(string.Join(", ", names)).Append(')');
        }

        public QueryDefinition Definition(string select, string suffix = "")
        {
            var definition = new QueryDefinition(select + _where + suffix);
            foreach (var (name, value) in _parameters)
            {
                definition = definition.WithParameter(name, value);
            }
            return definition;
        }
    }
}
