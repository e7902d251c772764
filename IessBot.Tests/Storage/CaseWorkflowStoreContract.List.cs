using IessBot.Cases;

namespace IessBot.Tests.Storage;

/// <summary>The staff list and the statistics of <see cref="ICaseWorkflowStore"/>.</summary>
public abstract partial class CaseWorkflowStoreContract
{
    private static readonly DateTimeOffset Day0 = new(2025, 3, 1, 15, 5, 0, TimeSpan.Zero);
    private static readonly HashSet<CaseTeam> AllTeams = [CaseTeam.QuejasSalud, CaseTeam.QuejasAdministrativo, CaseTeam.Denuncias];

    /// <summary>A case as the list tests need it: filed on day <see cref="FiledDay"/>, due on day <see cref="DueDay"/> (at risk three days before).</summary>
    internal sealed record Seed(int FiledDay = 0, int DueDay = 20, CaseType Type = CaseType.Queja, string Category = "tiempos-de-espera",
        string Province = "17", CaseTeam Team = CaseTeam.QuejasSalud, string Status = CaseStatuses.Received, string? Assignee = null);

    [Fact]
    public async Task The_list_is_sorted_by_due_date_and_every_page_carries_the_total_count()
    {
        var numbers = await SeedAsync([.. new[] { 9, 3, 14, 1, 30, 7, 2 }.Select(due => new Seed(DueDay: due))]);
        var query = new CaseListQuery { PageSize = 3 };

        var pages = new List<CaseListPage>();
        for (var page = 1; page <= 4; page++)
        {
            pages.Add(await Storage.Workflow.ListAsync(query with { Page = page }, AllTeams, Day0, Ct));
        }

        var expected = numbers.Zip(new[] { 9, 3, 14, 1, 30, 7, 2 }).OrderBy(x => x.Second).Select(x => x.First);
        Assert.Equal(expected, pages.SelectMany(p => p.Cases).Select(c => c.CaseNumber));
        Assert.Equal([3, 3, 1, 0], pages.Select(p => p.Cases.Count));
        Assert.All(pages, p => Assert.Equal((7, 3), (p.TotalCount, p.PageSize)));
        Assert.Equal([1, 2, 3, 4], pages.Select(p => p.Page));
        Assert.Equal(Day0.AddDays(1), pages[0].Cases[0].DueAt);
    }

    [Fact]
    public async Task The_list_filters_by_each_field()
    {
        var n = await SeedAsync(
            new Seed(),
            new Seed(FiledDay: 5, Category: "maltrato", Province: "09", Assignee: "ana"),
            new Seed(FiledDay: 10, Team: CaseTeam.QuejasAdministrativo, Category: "pensiones", Status: CaseStatuses.InAnalysis),
            new Seed(FiledDay: 12, Type: CaseType.Denuncia, Team: CaseTeam.Denuncias, Category: "cobros-indebidos", Assignee: "ana"));

        async Task<string[]> ListAsync(CaseListQuery query) =>
            Sorted([.. (await Storage.Workflow.ListAsync(query, AllTeams, Day0, Ct)).Cases.Select(c => c.CaseNumber)]);
        string[] Of(params int[] indexes) => Sorted([.. indexes.Select(i => n[i])]);

        Assert.Equal(Of(3), await ListAsync(new() { Type = CaseType.Denuncia }));
        Assert.Equal(Of(1), await ListAsync(new() { Category = "maltrato" }));
        Assert.Equal(Of(2), await ListAsync(new() { Status = CaseStatuses.InAnalysis }));
        Assert.Equal(Of(1), await ListAsync(new() { ProvinceCode = "09" }));
        Assert.Equal(Of(2), await ListAsync(new() { Team = CaseTeam.QuejasAdministrativo }));
        Assert.Equal(Of(1, 3), await ListAsync(new() { AssigneeId = "ana" }));
        Assert.Equal(Of(1, 2), await ListAsync(new() { FiledFrom = Day0.AddDays(5), FiledBefore = Day0.AddDays(12) }));
        Assert.Equal(Of(2), await ListAsync(new() { CaseNumber = n[2].Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant() }));
        Assert.Empty(await ListAsync(new() { CaseNumber = "no es un número" }));
        Assert.Equal(Of(1), await ListAsync(new() { AssigneeId = "ana", Type = CaseType.Queja, ProvinceCode = "09" }));
    }

    [Fact]
    public async Task The_list_holds_only_the_teams_given()
    {
        var n = await SeedAsync(
            new Seed(Team: CaseTeam.QuejasSalud),
            new Seed(Team: CaseTeam.QuejasAdministrativo),
            new Seed(Type: CaseType.Denuncia, Team: CaseTeam.Denuncias));

        var salud = await Storage.Workflow.ListAsync(new CaseListQuery(), new HashSet<CaseTeam> { CaseTeam.QuejasSalud }, Day0, Ct);
        var quejas = await Storage.Workflow.ListAsync(new CaseListQuery(), new HashSet<CaseTeam> { CaseTeam.QuejasSalud, CaseTeam.QuejasAdministrativo }, Day0, Ct);
        var denunciasAsked = await Storage.Workflow.ListAsync(new CaseListQuery { Type = CaseType.Denuncia }, new HashSet<CaseTeam> { CaseTeam.QuejasSalud }, Day0, Ct);
        var none = await Storage.Workflow.ListAsync(new CaseListQuery(), new HashSet<CaseTeam>(), Day0, Ct);

        Assert.Equal([n[0]], salud.Cases.Select(c => c.CaseNumber));
        Assert.Equal(1, salud.TotalCount);
        Assert.Equal(Sorted(n[0], n[1]), Sorted([.. quejas.Cases.Select(c => c.CaseNumber)]));
        Assert.Equal((0, 0), (denunciasAsked.Cases.Count, denunciasAsked.TotalCount));
        Assert.Equal((0, 0), (none.Cases.Count, none.TotalCount));
    }

    [Fact]
    public async Task The_SLA_filter_is_decided_by_now()
    {
        var now = Day0.AddDays(20);
        var n = await SeedAsync(
            new Seed(DueDay: 30),
            new Seed(DueDay: 22),
            new Seed(DueDay: 15),
            new Seed(DueDay: 10, Status: CaseStatuses.InformationRequested),
            new Seed(DueDay: 10, Status: CaseStatuses.Resolved),
            new Seed(DueDay: 10, Status: CaseStatuses.Closed),
            new Seed(DueDay: 12, Type: CaseType.Denuncia, Team: CaseTeam.Denuncias, Status: CaseStatuses.Referred));

        async Task<string[]> WithAsync(SlaState sla) =>
            [.. (await Storage.Workflow.ListAsync(new CaseListQuery { Sla = sla }, AllTeams, now, Ct)).Cases.Select(c => c.CaseNumber)];

        Assert.Equal([n[0]], await WithAsync(SlaState.OnTime));
        Assert.Equal([n[1]], await WithAsync(SlaState.AtRisk));
        Assert.Equal([n[2]], await WithAsync(SlaState.Overdue));
        Assert.Equal([n[3]], await WithAsync(SlaState.Paused));
        Assert.Equal(Sorted(n[4], n[5], n[6]), Sorted(await WithAsync(SlaState.Finished)));
        // The same case is on time earlier.
        Assert.Equal([n[2], n[1], n[0]], (await Storage.Workflow.ListAsync(new CaseListQuery { Sla = SlaState.OnTime }, AllTeams, Day0, Ct)).Cases.Select(c => c.CaseNumber));
    }

    [Fact]
    public async Task A_page_size_or_page_out_of_range_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Storage.Workflow.ListAsync(new CaseListQuery { PageSize = 0 }, AllTeams, Day0, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Storage.Workflow.ListAsync(new CaseListQuery { PageSize = CaseListQuery.MaxPageSize + 1 }, AllTeams, Day0, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Storage.Workflow.ListAsync(new CaseListQuery { Page = 0 }, AllTeams, Day0, Ct));
    }

    [Fact]
    public async Task Statistics_count_the_period_s_cases_of_the_teams_given()
    {
        var n = await SeedAsync(
            new Seed(FiledDay: 0),
            new Seed(FiledDay: 3, Category: "maltrato", Province: "09", Status: CaseStatuses.InAnalysis),
            new Seed(FiledDay: 40, Team: CaseTeam.QuejasAdministrativo, Category: "pensiones", Status: CaseStatuses.Resolved),
            new Seed(FiledDay: 4, Type: CaseType.Denuncia, Team: CaseTeam.Denuncias, Category: "cobros-indebidos"),
            new Seed(FiledDay: 100));
        await RespondAsync(n[0], TimeSpan.FromHours(2), resolvedAfter: null);
        await RespondAsync(n[1], TimeSpan.FromHours(6), resolvedAfter: null);
        await RespondAsync(n[2], TimeSpan.FromHours(4), resolvedAfter: TimeSpan.FromDays(5));

        var stats = await Storage.Workflow.StatisticsAsync(new StatisticsQuery(Day0, Day0.AddDays(60),
            new HashSet<CaseTeam> { CaseTeam.QuejasSalud, CaseTeam.QuejasAdministrativo }), Ct);

        Assert.Equal(new Dictionary<string, int> { ["Queja"] = 3 }, stats.ByType);
        Assert.Equal(new Dictionary<string, int> { ["tiempos-de-espera"] = 1, ["maltrato"] = 1, ["pensiones"] = 1 }, stats.ByCategory);
        Assert.Equal(new Dictionary<string, int> { ["17"] = 2, ["09"] = 1 }, stats.ByProvince);
        Assert.Equal(new Dictionary<string, int> { [CaseStatuses.Received] = 1, [CaseStatuses.InAnalysis] = 1, [CaseStatuses.Resolved] = 1 }, stats.ByStatus);
        Assert.Equal([("2025-03", CaseType.Queja, 2), ("2025-04", CaseType.Queja, 1)], stats.FiledPerMonth);
        Assert.Equal((TimeSpan.FromHours(4), TimeSpan.FromDays(5)), (stats.MedianTimeToFirstResponse, stats.MedianTimeToResolution));
        var empty = await Storage.Workflow.StatisticsAsync(new StatisticsQuery(Day0.AddDays(200), Day0.AddDays(300), AllTeams), Ct);
        Assert.Equal((0, null, null), (empty.ByType.Count, empty.MedianTimeToFirstResponse, empty.MedianTimeToResolution));
    }

    private static string[] Sorted(params string[] numbers) => [.. numbers.Order(StringComparer.Ordinal)];

    private async Task RespondAsync(string caseNumber, TimeSpan firstResponseAfter, TimeSpan? resolvedAfter)
    {
        var file = (await Storage.Workflow.GetAsync(caseNumber, Ct))!;
        var p = file.Progress;
        await Storage.Workflow.UpdateAsync(new CaseChange(p with { FirstResponseAt = p.FiledAt + firstResponseAfter, ResolvedAt = p.FiledAt + resolvedAfter }, []), Ct);
    }

    /// <summary>Files each case and moves it to its seeded team, status, assignee and due dates; returns the case numbers in order.</summary>
    internal async Task<List<string>> SeedAsync(params Seed[] seeds)
    {
        var numbers = new List<string>();
        foreach (var seed in seeds)
        {
            var sample = EmbeddedStorage.SampleCase(caseNumber: CaseNumber.New(seed.Type).Value);
            var file = await FileAsync(sample with
            {
                Type = seed.Type,
                Category = seed.Category,
                Address = sample.Address with { ProvinceCode = seed.Province },
                FiledAt = Day0.AddDays(seed.FiledDay),
            });
            var due = Day0.AddDays(seed.DueDay);
            await Storage.Workflow.UpdateAsync(new CaseChange(file.Progress with
            {
                Team = seed.Team,
                Status = seed.Status,
                AssigneeId = seed.Assignee,
                AssigneeName = seed.Assignee is null ? null : "Ana Torres",
                DueAt = due,
                AtRiskAt = due.AddDays(-3),
                PausedSince = seed.Status == CaseStatuses.InformationRequested ? Day0.AddDays(seed.FiledDay + 1) : null,
            }, []), Ct);
            numbers.Add(file.Progress.CaseNumber);
        }
        return numbers;
    }
}
