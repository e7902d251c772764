using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IessBot.Staff.Pages.Auditoria;

/// <summary>
/// The audit trail (<c>/staff/auditoria</c>), auditors only: entries newest first, a case-number filter, older pages by
/// sequence number, and the result of checking the whole hash chain. Entries hold no personal data by construction
/// (<see cref="AuditRecord"/>), so the page shows them as stored.
/// </summary>
[Authorize(Policy = StaffPolicies.AuditTrail)]
public sealed class IndexModel(StaffCaseService cases) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Caso { get; set; }
    [BindProperty(SupportsGet = true)] public long? Antes { get; set; }

    public AuditTrailPage Trail { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var trail = await cases.AuditTrailAsync(User.GetStaffActor(), Caso?.Trim(), Antes, PageSize, cancellationToken);
        if (trail is null)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Trail = trail;
        return Page();
    }

    public bool CaseFilterIgnored => !string.IsNullOrWhiteSpace(Caso) && Trail.CaseNumber is null;

    public string? OlderLink => Trail.NextBefore is { } before ? Url.Page("/Auditoria/Index", new { caso = Trail.CaseNumber, antes = before }) : null;

    public static string ActionLabel(string action) => action switch
    {
        AuditActions.SignIn => "Ingreso",
        AuditActions.SignInFailed => "Ingreso fallido",
        AuditActions.SignOut => "Salida",
        AuditActions.ViewList => "Consulta de la lista",
        AuditActions.ViewCase => "Consulta de un caso",
        AuditActions.DownloadEvidence => "Descarga de evidencia",
        AuditActions.Assign => "Asignación",
        AuditActions.ChangeTeam => "Cambio de área",
        AuditActions.ChangeStatus => "Cambio de estado",
        AuditActions.AddNote => "Nota interna",
        AuditActions.RequestInformation => "Solicitud de información",
        AuditActions.Resolve => "Resolución",
        AuditActions.Refer => "Remisión",
        AuditActions.ViewStatistics => "Consulta de estadísticas",
        AuditActions.ViewAuditTrail => "Consulta de la auditoría",
        AuditActions.Denied => "Acceso denegado",
        AuditActions.CitizenAnswered => "Respuesta del ciudadano",
        _ => action,
    };
}
