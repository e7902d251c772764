using System.Security.Claims;
using IessBot.Cases;

namespace IessBot.Staff;

/// <summary>
/// The signed-in staff member as claims (the cookie carries them) and as the <see cref="StaffActor"/> that the case
/// rules, timelines and the audit trail take. Only roles of <see cref="StaffRoles"/> ever become role claims.
/// </summary>
public static class StaffPrincipal
{
    /// <summary>The stable id: the local user name, or the directory's object id (<c>oid</c>) with OpenID Connect.</summary>
    public const string IdClaimType = ClaimTypes.NameIdentifier;
    public const string NameClaimType = ClaimTypes.Name;
    public const string RoleClaimType = ClaimTypes.Role;

    public static ClaimsPrincipal Create(string id, string name, IEnumerable<string> roles, string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, NameClaimType, RoleClaimType);
        identity.AddClaim(new Claim(IdClaimType, id));
        identity.AddClaim(new Claim(NameClaimType, name));
        foreach (var role in roles.Where(StaffRoles.All.Contains).Distinct(StringComparer.Ordinal))
        {
            identity.AddClaim(new Claim(RoleClaimType, role));
        }
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The actor of a signed-in staff member; null when <paramref name="user"/> is not one (anonymous, or no id).</summary>
    public static StaffActor? TryGetStaffActor(this ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(IdClaimType)?.Value is not { Length: > 0 } id)
        {
            return null;
        }
        var roles = user.FindAll(RoleClaimType).Select(c => c.Value).Where(StaffRoles.All.Contains).ToHashSet(StringComparer.Ordinal);
        return new StaffActor(id, user.FindFirst(NameClaimType)?.Value ?? id, roles);
    }

    /// <summary>The actor of the signed-in staff member; pages behind a staff policy always have one.</summary>
    public static StaffActor GetStaffActor(this ClaimsPrincipal user) =>
        user.TryGetStaffActor() ?? throw new InvalidOperationException("The request is not signed in as staff (is the page behind a staff policy?).");
}
