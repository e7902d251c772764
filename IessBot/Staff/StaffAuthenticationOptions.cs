using Microsoft.Extensions.Options;

namespace IessBot.Staff;

public enum StaffSignInMode
{
    /// <summary>Local accounts created with <c>staff add-user</c> (the embedded default).</summary>
    Local,
    /// <summary>OpenID Connect, e.g. Microsoft Entra ID (production).</summary>
    OpenIdConnect,
}

/// <summary>The <c>Staff:Authentication</c> settings section.</summary>
public sealed class StaffAuthenticationOptions
{
    public const string SectionName = "Staff:Authentication";

    public StaffSignInMode Mode { get; set; } = StaffSignInMode.Local;

    /// <summary>A session ends after this long without a request (sliding).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Failed local sign-ins in a row that lock the account.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Development and tests over plain http: the cookies lose their <c>__Host-</c> prefix and are Secure only when the
    /// request is (SameAsRequest), and the console then refuses plain http from anything but a loopback address.
    /// Off (the default): the cookies are always Secure, which is right behind a TLS-terminating proxy too.
    /// </summary>
    public bool AllowHttpOnLoopback { get; set; }

    public StaffOpenIdConnectOptions OpenIdConnect { get; set; } = new();
}

/// <summary><c>Staff:Authentication:OpenIdConnect</c>: the app registration in Microsoft Entra ID (or another OpenID provider).</summary>
public sealed class StaffOpenIdConnectOptions
{
    /// <summary>E.g. <c>https://login.microsoftonline.com/{tenant-id}/v2.0</c>.</summary>
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public string CallbackPath { get; set; } = "/staff/signin-oidc";

    /// <summary>Only a loopback authority in tests may serve its metadata over http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Values of the token's <c>roles</c> claim (the app roles of the registration) mapped to <c>StaffRoles</c>, for
    /// registrations whose app roles have other names. A value equal to a staff role needs no entry.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

internal sealed class StaffAuthenticationOptionsValidator : IValidateOptions<StaffAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, StaffAuthenticationOptions options)
    {
        var failures = new List<string>();
        if (options.SessionTimeout < TimeSpan.FromMinutes(1) || options.SessionTimeout > TimeSpan.FromHours(12))
        {
            failures.Add("Staff:Authentication:SessionTimeout must be between 00:01:00 and 12:00:00 (default 00:30:00).");
        }
        if (options.MaxFailedAttempts < 1)
        {
            failures.Add("Staff:Authentication:MaxFailedAttempts must be at least 1 (default 5).");
        }
        if (options.LockoutDuration <= TimeSpan.Zero)
        {
            failures.Add("Staff:Authentication:LockoutDuration must be positive (default 00:15:00).");
        }
        if (options.Mode == StaffSignInMode.OpenIdConnect)
        {
            failures.AddRange(OpenIdConnectProblems(options.OpenIdConnect));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> OpenIdConnectProblems(StaffOpenIdConnectOptions oidc)
    {
        const string Prefix = "Staff:Authentication:OpenIdConnect:";
        if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority))
        {
            yield return Prefix + "Authority must be an absolute URL, e.g. https://login.microsoftonline.com/{tenant-id}/v2.0.";
        }
        else if (authority.Scheme != Uri.UriSchemeHttps && (oidc.RequireHttpsMetadata || !authority.IsLoopback))
        {
            yield return Prefix + "Authority must use https (http is accepted only for a loopback authority with RequireHttpsMetadata=false).";
        }
        if (string.IsNullOrWhiteSpace(oidc.ClientId))
        {
            yield return Prefix + "ClientId is required (the application (client) ID of the app registration).";
        }
        if (string.IsNullOrWhiteSpace(oidc.ClientSecret))
        {
            yield return Prefix + "ClientSecret is required (keep it in a secret store, e.g. Staff__Authentication__OpenIdConnect__ClientSecret).";
        }
        if (!oidc.CallbackPath.StartsWith("/staff/", StringComparison.Ordinal))
        {
            yield return Prefix + "CallbackPath must start with /staff/ (default /staff/signin-oidc).";
        }
        foreach (var (tokenRole, staffRole) in oidc.RoleMap)
        {
            if (!Cases.StaffRoles.All.Contains(staffRole))
            {
                yield return $"{Prefix}RoleMap:{tokenRole} maps to '{staffRole}', which is not a staff role ({string.Join(", ", Cases.StaffRoles.All)}).";
            }
        }
    }
}
