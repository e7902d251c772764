using IessBot.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IessBot.Staff.Pages.Estadisticas;

/// <summary>
/// Statistics (<c>/staff/estadisticas</c>) over a period, counted only over the teams the user may see: a supervisor
/// counts quejas, the denuncias team counts denuncias (<see cref="CaseAccess.CanSeeStatistics"/>). Figures only, no case.
/// </summary>
[Authorize(Policy = StaffPolicies.Statistics)]
public sealed class IndexModel(StaffCaseService cases, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public DateOnly? Desde { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Hasta { get; set; }

    public CaseStatistics Statistics { get; private set; } = null!;
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public string? PeriodError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(TimeSpan.FromHours(-5)).DateTime);
        To = Hasta ?? today;
        From = Desde ?? new DateOnly(To.Year, To.Month, 1).AddMonths(-11);
        if (From > To)
        {
            PeriodError = "La fecha «desde» es posterior a la fecha «hasta»; se muestran los últimos 12 meses.";
            To = today;
            From = new DateOnly(To.Year, To.Month, 1).AddMonths(-11);
        }
        var statistics = await cases.StatisticsAsync(
            User.GetStaffActor(), Casos.IndexModel.StartOfDay(From), Casos.IndexModel.StartOfDay(To.AddDays(1)), cancellationToken);
        if (statistics is null)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Statistics = statistics;
        return Page();
    }

    public static IReadOnlyList<(string Label, int Value)> Rows(IReadOnlyDictionary<string, int> counts, Func<string, string> label) =>
        [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => (label(c.Key), c.Value))];

    public IReadOnlyList<(string Label, int Value)> ByType => Rows(Statistics.ByType, TypeLabel);
    public IReadOnlyList<(string Label, int Value)> ByCategory => Rows(Statistics.ByCategory, CategoryLabel);
    public IReadOnlyList<(string Label, int Value)> ByProvince => Rows(Statistics.ByProvince, StaffLabels.Province);
    public IReadOnlyList<(string Label, int Value)> ByStatus =>
        [.. CaseStatuses.All.Where(Statistics.ByStatus.ContainsKey).Select(s => (s, Statistics.ByStatus[s]))];

    public IReadOnlyList<(string Column, int First, int Second)> PerMonth =>
        [.. Statistics.FiledPerMonth.GroupBy(m => m.Month).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Where(m => m.Type == CaseType.Queja).Sum(m => m.Count), g.Where(m => m.Type == CaseType.Denuncia).Sum(m => m.Count)))];

    private static string TypeLabel(string key) => Enum.TryParse<CaseType>(key, ignoreCase: true, out var type) ? StaffLabels.Of(type) : key;

    /// <summary>Categories are counted by code; "otro" exists for both types.</summary>
    private static string CategoryLabel(string code) =>
        StaffLabels.AllCategories.FirstOrDefault(c => c.Code == code) is { Label: { } label } ? label : code;
}
