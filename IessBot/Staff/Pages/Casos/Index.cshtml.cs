using System.Globalization;
using IessBot.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IessBot.Staff.Pages.Casos;

/// <summary>
/// The case list (<c>/staff/casos</c>): only the teams the user may see (<see cref="CaseAccess.TeamsVisibleTo"/>, in the
/// store query itself), filtered, sorted by due date, paged with a total count. The query string is in Spanish so a
/// filtered list can be bookmarked and shared between colleagues.
/// </summary>
[Authorize(Policy = StaffPolicies.CaseWork)]
public sealed class IndexModel(StaffCaseService cases) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Tipo { get; set; }
    [BindProperty(SupportsGet = true)] public string? Categoria { get; set; }
    [BindProperty(SupportsGet = true)] public string? Estado { get; set; }
    [BindProperty(SupportsGet = true)] public string? Provincia { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sla { get; set; }
    [BindProperty(SupportsGet = true)] public string? Numero { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Desde { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? Hasta { get; set; }
    [BindProperty(SupportsGet = true)] public int Pagina { get; set; } = 1;

    public CaseListPage Result { get; private set; } = new([], 0, 1, PageSize);
    public StaffActor Actor { get; private set; } = null!;
    public string? NumberError { get; private set; }

    public int PageCount => Math.Max(1, (Result.TotalCount + PageSize - 1) / PageSize);

    public static IReadOnlyList<(string Value, SlaState State)> SlaOptions { get; } =
    [
        ("a-tiempo", SlaState.OnTime), ("en-riesgo", SlaState.AtRisk), ("vencido", SlaState.Overdue),
        ("en-pausa", SlaState.Paused), ("finalizado", SlaState.Finished),
    ];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Actor = User.GetStaffActor();
        string? number = null;
        if (!string.IsNullOrWhiteSpace(Numero))
        {
            if (CaseNumber.TryParse(Numero.Trim(), out var parsed))
            {
                number = parsed.Value;
            }
            else
            {
                NumberError = "El número de caso no es válido. Tiene la forma Q-XXXX-XXXX-XX o D-XXXX-XXXX-XX.";
                return;
            }
        }
        var query = new CaseListQuery
        {
            Type = Tipo switch { "queja" => CaseType.Queja, "denuncia" => CaseType.Denuncia, _ => null },
            Category = Empty(Categoria),
            Status = CaseStatuses.All.Contains(Estado) ? Estado : null,
            ProvinceCode = StaffLabels.Provinces.Any(p => p.Code == Provincia) ? Provincia : null,
            Sla = SlaOptions.Where(o => o.Value == Sla).Select(o => (SlaState?)o.State).FirstOrDefault(),
            CaseNumber = number,
            FiledFrom = Desde is { } from ? StartOfDay(from) : null,
            FiledBefore = Hasta is { } to ? StartOfDay(to.AddDays(1)) : null,
            PageSize = PageSize,
            Page = Math.Max(1, Pagina),
        };
        Result = await cases.ListAsync(Actor, query, cancellationToken);
    }

    public SlaState SlaOf(CaseProgress progress) => cases.SlaOf(progress);

    /// <summary>The list's URL for another page, with the same filters.</summary>
    public string? PageLink(int page) => Url.Page("/Casos/Index", new
    {
        tipo = Empty(Tipo),
        categoria = Empty(Categoria),
        estado = Empty(Estado),
        provincia = Empty(Provincia),
        sla = Empty(Sla),
        numero = Empty(Numero),
        desde = Desde?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        hasta = Hasta?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        pagina = page,
    });

    /// <summary>Staff pick dates in Ecuador's mainland time (UTC−5, no daylight saving).</summary>
    internal static DateTimeOffset StartOfDay(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(-5));

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
