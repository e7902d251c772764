using IessBot.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IessBot.Staff.Pages.Casos;

/// <summary>
/// The case page (<c>/staff/casos/{numero}</c>) and its actions. Every handler asks <see cref="StaffCaseService"/>,
/// which checks the case against the user's roles: a case the user may not open is a 404 for the GET and for every
/// POST alike. Each POST carries the version it was read at and redirects back (post/redirect/get); antiforgery is
/// validated on every POST (Razor Pages' default).
/// </summary>
[Authorize(Policy = StaffPolicies.CaseWork)]
public sealed class CasoModel(StaffCaseService cases) : PageModel
{
    public const int MaxTextLength = 4000;

    public StaffCaseView View { get; private set; } = null!;
    public StaffActor Actor { get; private set; } = null!;

    [TempData] public string? Mensaje { get; set; }
    [TempData] public string? Error { get; set; }

    public CaseFile Case => View.File;
    public CaseProgress Progress => View.File.Progress;

    /// <summary>The identity of a denunciante is reserved to the denuncias team (reference/domain.md §4), checked here as well.</summary>
    public bool ShowsIdentity => Progress.Type == CaseType.Queja || Actor.Roles.Contains(StaffRoles.Denuncias);

    /// <summary>Requests and resolutions are made while the case is in analysis (the workflow's rule; the form follows it).</summary>
    public bool InAnalysis => Progress.Status == CaseStatuses.InAnalysis;

    /// <summary>A denuncia can be referred before it is resolved.</summary>
    public bool CanRefer => View.CanRefer && Progress.Status is CaseStatuses.Received or CaseStatuses.InAnalysis;

    public async Task<IActionResult> OnGetAsync(string numero, CancellationToken cancellationToken)
    {
        Actor = User.GetStaffActor();
        try
        {
            View = await cases.OpenAsync(Actor, numero, cancellationToken);
        }
        catch (CaseNotVisibleException)
        {
            return NotFound();
        }
        return Page();
    }

    public Task<IActionResult> OnPostAsignarAsync(string numero, long version, string? asignado, CancellationToken cancellationToken) =>
        ActAsync(numero, actor => cases.AssignAsync(actor, numero, version, string.IsNullOrEmpty(asignado) ? null : asignado, cancellationToken),
            "Caso asignado.");

    public Task<IActionResult> OnPostAreaAsync(string numero, long version, string? area, CancellationToken cancellationToken) =>
        ActAsync(numero, actor => Enum.TryParse<CaseTeam>(area, out var team) && Enum.IsDefined(team)
            ? cases.ChangeTeamAsync(actor, numero, version, team, cancellationToken)
            : throw new CaseActionException("Elija el área a la que pasa el caso."), "Área cambiada.");

    public Task<IActionResult> OnPostEstadoAsync(string numero, long version, string? estado, CancellationToken cancellationToken) =>
        ActAsync(numero, actor => cases.ChangeStatusAsync(actor, numero, version, estado ?? "", cancellationToken), "Estado cambiado.");

    public Task<IActionResult> OnPostNotaAsync(string numero, long version, string? texto, CancellationToken cancellationToken) =>
        ActWithTextAsync(numero, texto, text => actor => cases.AddNoteAsync(actor, numero, version, text, cancellationToken), "Nota interna añadida.");

    public Task<IActionResult> OnPostSolicitarAsync(string numero, long version, string? texto, CancellationToken cancellationToken) =>
        ActWithTextAsync(numero, texto, text => actor => cases.RequestInformationAsync(actor, numero, version, text, cancellationToken),
            "Solicitud enviada al ciudadano. El plazo queda en pausa hasta su respuesta.");

    public Task<IActionResult> OnPostResolverAsync(string numero, long version, string? texto, CancellationToken cancellationToken) =>
        ActWithTextAsync(numero, texto, text => actor => cases.ResolveAsync(actor, numero, version, text, cancellationToken),
            "Caso resuelto. La resolución se envía al ciudadano.");

    public Task<IActionResult> OnPostRemitirAsync(string numero, long version, string? autoridad, CancellationToken cancellationToken) =>
        ActWithTextAsync(numero, autoridad, text => actor => cases.ReferAsync(actor, numero, version, text, cancellationToken),
            "Denuncia remitida a la autoridad externa.");

    private Task<IActionResult> ActWithTextAsync(string numero, string? text, Func<string, Func<StaffActor, Task>> action, string done)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length > MaxTextLength)
        {
            Error = $"El texto es demasiado largo (máximo {MaxTextLength} caracteres).";
            return Task.FromResult<IActionResult>(RedirectToPage(new { numero }));
        }
        return ActAsync(numero, action(trimmed), done);
    }

    private async Task<IActionResult> ActAsync(string numero, Func<StaffActor, Task> action, string done)
    {
        try
        {
            await action(User.GetStaffActor());
            Mensaje = done;
        }
        catch (CaseNotVisibleException)
        {
            return NotFound();
        }
        catch (CaseActionException exception)
        {
            // Spanish, written for staff by the workflow rules (or the "changed while editing" message).
            Error = exception.Message;
        }
        return RedirectToPage(new { numero });
    }
}
