using IessBot.Cases;
using Microsoft.AspNetCore.Authorization;

namespace IessBot.Staff;

/// <summary>
/// Authorization policies of the console. Every page under Staff/Pages requires <see cref="Staff"/> (a folder
/// convention), and a page narrows it with <c>[Authorize(Policy = StaffPolicies.X)]</c>. Per-case rules (which team
/// sees which case) are <see cref="CaseAccess"/>, asked by the handler itself: a policy cannot see the case.
/// </summary>
public static class StaffPolicies
{
    /// <summary>Signed in with at least one staff role.</summary>
    public const string Staff = "staff";

    /// <summary>Case list and case pages: the queja teams, denuncias and supervisors (not the auditor).</summary>
    public const string CaseWork = "staff-case-work";

    /// <summary>The statistics page (<see cref="CaseAccess.CanSeeStatistics"/>).</summary>
    public const string Statistics = "staff-statistics";

    /// <summary>The audit trail (<see cref="CaseAccess.CanSeeAuditTrail"/>).</summary>
    public const string AuditTrail = "staff-audit-trail";

    /// <summary>Exactly one role, e.g. <c>StaffPolicies.Role(StaffRoles.Supervisor)</c> = "staff-role:supervisor".</summary>
    public static string Role(string role) => $"staff-role:{role}";

    internal static void Add(AuthorizationOptions options)
    {
        Add(options, Staff, [.. StaffRoles.All]);
        Add(options, CaseWork, StaffRoles.QuejasSalud, StaffRoles.QuejasAdministrativo, StaffRoles.Denuncias, StaffRoles.Supervisor);
        Add(options, Statistics, StaffRoles.Supervisor, StaffRoles.Denuncias);
        Add(options, AuditTrail, StaffRoles.Auditor);
        foreach (var role in StaffRoles.All)
        {
            Add(options, Role(role), role);
        }
    }

    // The policies name the staff cookie scheme themselves, so the app needs no default scheme and the bot's endpoints
    // never run a staff authentication handler.
    private static void Add(AuthorizationOptions options, string name, params string[] anyOfRoles) =>
        options.AddPolicy(name, policy => policy
            .AddAuthenticationSchemes(StaffAuthentication.CookieScheme)
            .RequireAuthenticatedUser()
            .RequireRole(anyOfRoles));
}
