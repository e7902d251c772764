using IessBot.Cases;
using IessBot.Storage.Embedded;
using Microsoft.Extensions.Options;
using static IessBot.Tests.Storage.SqliteCaseWorkflowStoreTests;

namespace IessBot.Tests.Storage;

/// <summary>The staff list and the statistics over a spread of cases, checked against the workflow's own rules.</summary>
public sealed class SqliteCaseListTests : IAsyncLifetime
{
    private static readonly StaffActor Everyone = new("u-all", "Carmen Todo", new HashSet<string> { StaffRoles.Supervisor, StaffRoles.Denuncias });
    private static readonly IReadOnlySet<CaseTeam> AllTeams = new HashSet<CaseTeam>(Enum.GetValues<CaseTeam>());
    private static readonly string[] QuejaCategories = ["tiempos-espera", "instalaciones", "maltrato-personal", "entrega-turnos", "falta-capacidad", "otro"];
    private static readonly string[] Provinces = ["17", "09", "01"];

    private readonly EmbeddedStorage _storage = new();
    private readonly CaseWorkflow _workflow = new(new BusinessCalendar(), Options.Create(new CaseDeadlineOptions()));
    private readonly List<CaseProgress> _seeded = [];
    private SqliteCaseWorkflowStore _store = null!;

    private static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        var cases = new SqliteCaseStore(_storage.Database, _storage.Protector, _workflow);
        _store = new SqliteCaseWorkflowStore(_storage.Database, _storage.Protector, _workflow);
        for (var i = 0; i < 30; i++)
        {
            var type = i % 4 == 3 ? CaseType.Denuncia : CaseType.Queja;
            var category = type == CaseType.Denuncia ? "coimas" : QuejaCategories[i % QuejaCategories.Length];
            var filedAt = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.FromHours(-5)).AddDays(i);
            var filed = await cases.CreateAsync(Sample(type, category, filedAt, Provinces[i % Provinces.Length]), Ct);
            _seeded.Add(await ActAsync(filed.CaseNumber, i % 5, filedAt));
        }
    }

    public Task DisposeAsync()
    {
        _storage.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_list_is_sorted_by_due_date_and_paged_with_the_total_count()
    {
        var first = await _store.ListAsync(new CaseListQuery { PageSize = 7 }, AllTeams, Now, Ct);
        var third = await _store.ListAsync(new CaseListQuery { PageSize = 7, Page = 3 }, AllTeams, Now, Ct);
        var beyond = await _store.ListAsync(new CaseListQuery { PageSize = 7, Page = 9 }, AllTeams, Now, Ct);

        var expected = _seeded.OrderBy(p => p.DueAt).ThenBy(p => p.CaseNumber, StringComparer.Ordinal).ToList();
        Assert.Equal(30, first.TotalCount);
        Assert.Equal(expected.Take(7), first.Cases);
        Assert.Equal(expected.Skip(14).Take(7), third.Cases);
        Assert.Equal(3, third.Page);
        Assert.Empty(beyond.Cases);
        Assert.Equal(30, beyond.TotalCount);
    }

    [Fact]
    public async Task Each_filter_keeps_exactly_the_matching_cases()
    {
        var from = new DateTimeOffset(2026, 1, 12, 0, 0, 0, TimeSpan.FromHours(-5));
        var before = new DateTimeOffset(2026, 1, 22, 0, 0, 0, TimeSpan.FromHours(-5));
        var assignee = _seeded.First(p => p.AssigneeId is not null).AssigneeId;

        await AssertListedAsync(new CaseListQuery { Type = CaseType.Denuncia }, p => p.Type == CaseType.Denuncia);
        await AssertListedAsync(new CaseListQuery { Category = "instalaciones" }, p => p.Category == "instalaciones");
        await AssertListedAsync(new CaseListQuery { Status = CaseStatuses.InAnalysis }, p => p.Status == CaseStatuses.InAnalysis);
        await AssertListedAsync(new CaseListQuery { ProvinceCode = "09" }, p => p.ProvinceCode == "09");
        await AssertListedAsync(new CaseListQuery { Team = CaseTeam.QuejasSalud }, p => p.Team == CaseTeam.QuejasSalud);
        await AssertListedAsync(new CaseListQuery { AssigneeId = assignee }, p => p.AssigneeId == assignee);
        await AssertListedAsync(new CaseListQuery { FiledFrom = from, FiledBefore = before }, p => p.FiledAt >= from && p.FiledAt < before);
        await AssertListedAsync(
            new CaseListQuery { Type = CaseType.Queja, Status = CaseStatuses.Received, ProvinceCode = "17" },
            p => p.Type == CaseType.Queja && p.Status == CaseStatuses.Received && p.ProvinceCode == "17");
    }

    [Theory]
    [InlineData(SlaState.OnTime)]
    [InlineData(SlaState.AtRisk)]
    [InlineData(SlaState.Overdue)]
    [InlineData(SlaState.Paused)]
    [InlineData(SlaState.Finished)]
    public async Task The_SLA_filter_agrees_with_the_workflow(SlaState sla)
    {
        var expected = _seeded.Where(p => _workflow.SlaOf(p, Now) == sla).ToList();

        await AssertListedAsync(new CaseListQuery { Sla = sla }, p => _workflow.SlaOf(p, Now) == sla);

        Assert.NotEmpty(expected);
    }

    [Fact]
    public async Task A_viewer_sees_only_the_cases_of_their_teams()
    {
        var salud = new HashSet<CaseTeam> { CaseTeam.QuejasSalud };
        var quejas = new HashSet<CaseTeam> { CaseTeam.QuejasSalud, CaseTeam.QuejasAdministrativo };

        await AssertListedAsync(new CaseListQuery(), p => p.Team == CaseTeam.QuejasSalud, salud);
        await AssertListedAsync(new CaseListQuery(), p => p.Type == CaseType.Queja, quejas);
        await AssertListedAsync(new CaseListQuery { Type = CaseType.Denuncia }, _ => false, quejas);
        Assert.Equal(0, (await _store.ListAsync(new CaseListQuery(), new HashSet<CaseTeam>(), Now, Ct)).TotalCount);
        Assert.Equal(0, (await _store.ListAsync(new CaseListQuery { Team = CaseTeam.Denuncias }, quejas, Now, Ct)).TotalCount);
        await AssertListedAsync(new CaseListQuery { Team = CaseTeam.QuejasAdministrativo, Status = CaseStatuses.Received },
            p => p.Team == CaseTeam.QuejasAdministrativo && p.Status == CaseStatuses.Received, quejas);
        await AssertListedAsync(new CaseListQuery { Sla = SlaState.Overdue }, p => p.Team == CaseTeam.QuejasSalud && _workflow.SlaOf(p, Now) == SlaState.Overdue, salud);
    }

    [Fact]
    public async Task A_case_number_finds_that_case_only_within_the_viewer_teams()
    {
        var denuncia = _seeded.First(p => p.Type == CaseType.Denuncia);

        var found = await _store.ListAsync(new CaseListQuery { CaseNumber = denuncia.CaseNumber.ToLowerInvariant() }, AllTeams, Now, Ct);
        var hidden = await _store.ListAsync(new CaseListQuery { CaseNumber = denuncia.CaseNumber }, new HashSet<CaseTeam> { CaseTeam.QuejasSalud }, Now, Ct);
        var nonsense = await _store.ListAsync(new CaseListQuery { CaseNumber = "no es un número" }, AllTeams, Now, Ct);

        Assert.Equal(denuncia, Assert.Single(found.Cases));
        Assert.Empty(hidden.Cases);
        Assert.Empty(nonsense.Cases);
    }

    [Fact]
    public void Counting_and_paging_read_only_covering_indexes_and_the_page_rows()
    {
        var salud = new HashSet<CaseTeam> { CaseTeam.QuejasSalud };
        var queries = new[]
        {
            new CaseListQuery { Type = CaseType.Queja, Status = CaseStatuses.InAnalysis },
            new CaseListQuery { ProvinceCode = "09", FiledFrom = Now.AddDays(-30) },
            new CaseListQuery { Sla = SlaState.AtRisk },
            new CaseListQuery { Category = "otro", AssigneeId = "x" },
            new CaseListQuery { FiledBefore = Now },
        };
        using var connection = _storage.Database.Rent();
        foreach (var (query, teams) in queries.SelectMany(q => new[] { (q, AllTeams), (q, (IReadOnlySet<CaseTeam>)salud) }))
        {
            var filter = SqliteCaseListFilter.From(query, teams, Now)!;
            var count = Plan(connection, filter.CountSql);
            var page = Plan(connection, filter.PageSql);

            Assert.Contains("COVERING INDEX ix_cases_list_", count, StringComparison.Ordinal);
            Assert.Contains("COVERING INDEX ix_cases_list_", page, StringComparison.Ordinal);
            Assert.DoesNotContain("SCAN cases\n", page + "\n", StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(CaseListQuery.MaxPageSize + 1, 1)]
    [InlineData(50, 0)]
    public async Task Page_size_and_number_out_of_range_are_refused(int pageSize, int page) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.ListAsync(new CaseListQuery { PageSize = pageSize, Page = page }, AllTeams, Now, Ct));

    [Fact]
    public async Task Statistics_count_the_cases_of_the_period_and_teams()
    {
        var from = new DateTimeOffset(2026, 1, 8, 0, 0, 0, TimeSpan.FromHours(-5));
        var before = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.FromHours(-5));
        var quejas = new HashSet<CaseTeam> { CaseTeam.QuejasSalud, CaseTeam.QuejasAdministrativo };
        var expected = _seeded.Where(p => p.FiledAt >= from && p.FiledAt < before && quejas.Contains(p.Team)).ToList();

        var statistics = await _store.StatisticsAsync(new StatisticsQuery(from, before, quejas), Ct);

        Assert.Equal(Count(expected, p => p.Type.ToString()), statistics.ByType);
        Assert.Equal(Count(expected, p => p.Category), statistics.ByCategory);
        Assert.Equal(Count(expected, p => p.ProvinceCode), statistics.ByProvince);
        Assert.Equal(Count(expected, p => p.Status), statistics.ByStatus);
        Assert.Equal([("2026-01", CaseType.Queja, expected.Count)], statistics.FiledPerMonth);
        Assert.Equal(Median(expected.Where(p => p.FirstResponseAt is not null).Select(p => p.FirstResponseAt!.Value - p.FiledAt)), statistics.MedianTimeToFirstResponse);
        Assert.Equal(Median(expected.Where(p => p.ResolvedAt is not null).Select(p => p.ResolvedAt!.Value - p.FiledAt)), statistics.MedianTimeToResolution);
        Assert.NotNull(statistics.MedianTimeToResolution);
    }

    [Fact]
    public async Task Statistics_split_months_in_Ecuador_time_and_are_empty_without_teams()
    {
        var all = await _store.StatisticsAsync(new StatisticsQuery(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, AllTeams), Ct);
        var none = await _store.StatisticsAsync(new StatisticsQuery(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new HashSet<CaseTeam>()), Ct);

        var expected = _seeded.GroupBy(p => (BusinessCalendar.ToEcuadorTime(p.FiledAt).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), p.Type))
            .Select(g => (g.Key.Item1, g.Key.Type, g.Count())).OrderBy(m => m.Item1, StringComparer.Ordinal).ThenBy(m => m.Type);
        Assert.Equal(expected, all.FiledPerMonth);
        Assert.Equal(30, all.ByType.Values.Sum());
        Assert.Empty(none.ByType);
        Assert.Empty(none.FiledPerMonth);
        Assert.Null(none.MedianTimeToFirstResponse);
    }

    private async Task AssertListedAsync(CaseListQuery query, Func<CaseProgress, bool> matches, IReadOnlySet<CaseTeam>? teams = null)
    {
        teams ??= AllTeams;
        var expected = _seeded.Where(p => teams.Contains(p.Team) && matches(p)).OrderBy(p => p.DueAt).ThenBy(p => p.CaseNumber, StringComparer.Ordinal).ToList();

        var page = await _store.ListAsync(query with { PageSize = CaseListQuery.MaxPageSize }, teams, Now, Ct);

        Assert.Equal(expected, page.Cases);
        Assert.Equal(expected.Count, page.TotalCount);
    }

    /// <summary>Steps 0–4 of the workflow: received, in analysis, waiting for the citizen, resolved (or referred), closed.</summary>
    private async Task<CaseProgress> ActAsync(string caseNumber, int steps, DateTimeOffset filedAt)
    {
        var at = filedAt.AddHours(4 + steps);
        var progress = (await _store.GetAsync(caseNumber, Ct))!.Progress;
        if (steps >= 1)
        {
            progress = await ApplyAsync(caseNumber, f => _workflow.Assign(f, Everyone, Everyone, at));
            progress = await ApplyAsync(caseNumber, f => _workflow.ChangeStatus(f, Everyone, CaseStatuses.InAnalysis, at.AddHours(1)));
        }
        if (steps == 2)
        {
            progress = await ApplyAsync(caseNumber, f => _workflow.RequestInformation(f, Everyone, "Adjunte el turno.", at.AddDays(1)));
        }
        if (steps >= 3)
        {
            progress = await ApplyAsync(caseNumber, f => f.Progress.Type == CaseType.Denuncia
                ? _workflow.Refer(f, Everyone, "Fiscalía", at.AddDays(steps))
                : _workflow.Resolve(f, Everyone, "Resuelto.", at.AddDays(steps)));
        }
        if (steps == 4)
        {
            progress = await ApplyAsync(caseNumber, f => _workflow.ChangeStatus(f, Everyone, CaseStatuses.Closed, at.AddDays(6)));
        }
        return progress;
    }

    private async Task<CaseProgress> ApplyAsync(string caseNumber, Func<CaseFile, CaseChange> action) =>
        await _store.UpdateAsync(action((await _store.GetAsync(caseNumber, Ct))!), Ct);

    private static string Plan(PooledConnection connection, string sql)
    {
        using var command = connection.Connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in SqliteSchema.ParameterNames(sql))
        {
            command.Parameters.AddWithValue(name, DBNull.Value);
        }
        var plan = new System.Text.StringBuilder();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            plan.Append(reader.GetString(3)).Append('\n');
        }
        return plan.ToString();
    }

    private static Dictionary<string, int> Count(IEnumerable<CaseProgress> cases, Func<CaseProgress, string> key) =>
        cases.GroupBy(key).ToDictionary(g => g.Key, g => g.Count());

    private static TimeSpan? Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
