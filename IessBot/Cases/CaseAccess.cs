namespace IessBot.Cases;

/// <summary>The staff roles (issue 7). A user holds one or more; claims of type role carry these strings.</summary>
public static class StaffRoles
{
    /// <summary>Quejas about health services.</summary>
    public const string QuejasSalud = "quejas-salud";
    /// <summary>Quejas about administrative services.</summary>
    public const string QuejasAdministrativo = "quejas-administrativo";
    /// <summary>The specialised team: the only one that sees denuncias, and so the identity of a denunciante.</summary>
    public const string Denuncias = "denuncias";
    /// <summary>All quejas, statistics, reassignment between the queja areas.</summary>
    public const string Supervisor = "supervisor";
    /// <summary>The audit trail; no personal data, no case pages.</summary>
    public const string Auditor = "auditor";

    public static IReadOnlyList<string> All { get; } = [QuejasSalud, QuejasAdministrativo, Denuncias, Supervisor, Auditor];
}

/// <summary>
/// Who may see and do what. Every page, handler, download and query of the staff console asks here, on the server;
/// hiding a link is never the control (issue 7). Denuncias are visible only to <see cref="StaffRoles.Denuncias"/>
/// (reference/domain.md §4: the denunciante's identity is reserved to the specialised team).
/// </summary>
public static class CaseAccess
{
    public static IReadOnlySet<CaseTeam> TeamsVisibleTo(StaffActor actor)
    {
        var teams = new HashSet<CaseTeam>();
        if (actor.Roles.Contains(StaffRoles.QuejasSalud) || actor.Roles.Contains(StaffRoles.Supervisor))
        {
            teams.Add(CaseTeam.QuejasSalud);
        }
        if (actor.Roles.Contains(StaffRoles.QuejasAdministrativo) || actor.Roles.Contains(StaffRoles.Supervisor))
        {
            teams.Add(CaseTeam.QuejasAdministrativo);
        }
        if (actor.Roles.Contains(StaffRoles.Denuncias))
        {
            teams.Add(CaseTeam.Denuncias);
        }
        return teams;
    }

    /// <summary>Opening the case page, its timeline and its evidence. Whoever may open a case may act on it.</summary>
    public static bool CanOpen(StaffActor actor, CaseProgress progress) => TeamsVisibleTo(actor).Contains(progress.Team);

    /// <summary>Moving a queja between the two queja areas.</summary>
    public static bool CanChangeTeam(StaffActor actor, CaseProgress progress) =>
        actor.Roles.Contains(StaffRoles.Supervisor) && progress.Type == CaseType.Queja;

    /// <summary>Assigning to a colleague: the colleague must be able to open the case too (same team, or a supervisor for quejas).</summary>
    public static bool CanAssign(StaffActor actor, CaseProgress progress, StaffActor assignee) =>
        CanOpen(actor, progress) && CanOpen(assignee, progress);

    public static bool CanSeeStatistics(StaffActor actor) =>
        actor.Roles.Contains(StaffRoles.Supervisor) || actor.Roles.Contains(StaffRoles.Denuncias);

    public static bool CanSeeAuditTrail(StaffActor actor) => actor.Roles.Contains(StaffRoles.Auditor);
}
