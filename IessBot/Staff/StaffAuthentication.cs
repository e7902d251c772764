using System.Security.Claims;
using IessBot.Cases;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace IessBot.Staff;

/// <summary>
/// The console's sign-in: a cookie session (issue 7: Secure, HttpOnly, SameSite, short sliding expiry), opened by the
/// local sign-in page or by OpenID Connect. No default scheme is set: only the staff policies authenticate, so the
/// bot's endpoints never see a staff handler.
/// </summary>
public static class StaffAuthentication
{
    public const string CookieScheme = "StaffCookie";
    public const string OpenIdConnectScheme = "StaffOpenIdConnect";
    public const string SignInPath = "/staff/cuenta/ingresar";
    public const string SignedOutPath = "/staff/cuenta/salida";
    public const string AccessDeniedPath = "/staff/cuenta/denegado";

    internal static void Add(IServiceCollection services, StaffSignInMode mode)
    {
        var authentication = services.AddAuthentication().AddCookie(CookieScheme);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<StaffAuthenticationOptions>>(ConfigureCookie);
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<StaffAuthenticationOptions>>(ConfigureAntiforgery);
        if (mode == StaffSignInMode.OpenIdConnect)
        {
            authentication.AddOpenIdConnect(OpenIdConnectScheme, _ => { });
            services.AddOptions<OpenIdConnectOptions>(OpenIdConnectScheme).Configure<IOptions<StaffAuthenticationOptions>>(ConfigureOpenIdConnect);
        }
    }

    /// <summary>The cookie's name: the <c>__Host-</c> prefix (Secure, path /, no domain) unless plain http is allowed for development.</summary>
    public static string CookieName(StaffAuthenticationOptions staff) => staff.AllowHttpOnLoopback ? "iess-staff" : "__Host-iess-staff";

    private static void ConfigureCookie(CookieAuthenticationOptions cookie, IOptions<StaffAuthenticationOptions> options)
    {
        var staff = options.Value;
        cookie.Cookie.Name = CookieName(staff);
        cookie.Cookie.Path = "/";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SecurePolicy = staff.AllowHttpOnLoopback ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        // Strict for local sign-in. OpenID Connect returns by a cross-site POST and redirect; a Strict cookie set there
        // would not come back on the redirect to /staff, so Lax (still not sent on cross-site POSTs or sub-requests).
        cookie.Cookie.SameSite = staff.Mode == StaffSignInMode.Local ? SameSiteMode.Strict : SameSiteMode.Lax;
        cookie.Cookie.IsEssential = true;
        cookie.ExpireTimeSpan = staff.SessionTimeout;
        cookie.SlidingExpiration = true;
        cookie.LoginPath = SignInPath;
        cookie.AccessDeniedPath = AccessDeniedPath;
        cookie.ReturnUrlParameter = "ReturnUrl";
        if (staff.Mode == StaffSignInMode.OpenIdConnect)
        {
            cookie.ForwardChallenge = OpenIdConnectScheme;
        }
        cookie.Events.OnRedirectToAccessDenied = RecordDeniedAsync;
        if (staff.Mode == StaffSignInMode.Local)
        {
            cookie.Events.OnValidatePrincipal = CheckLocalAccountAsync;
        }
    }

    private static void ConfigureAntiforgery(AntiforgeryOptions antiforgery, IOptions<StaffAuthenticationOptions> options)
    {
        var staff = options.Value;
        antiforgery.Cookie.Name = staff.AllowHttpOnLoopback ? "iess-staff-af" : "__Host-iess-staff-af";
        antiforgery.Cookie.Path = "/";
        antiforgery.Cookie.SecurePolicy = staff.AllowHttpOnLoopback ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        antiforgery.Cookie.HttpOnly = true;
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions oidc, IOptions<StaffAuthenticationOptions> options)
    {
        var staff = options.Value;
        oidc.SignInScheme = CookieScheme;
        oidc.Authority = staff.OpenIdConnect.Authority;
        oidc.ClientId = staff.OpenIdConnect.ClientId;
        oidc.ClientSecret = staff.OpenIdConnect.ClientSecret;
        oidc.CallbackPath = staff.OpenIdConnect.CallbackPath;
        oidc.RequireHttpsMetadata = staff.OpenIdConnect.RequireHttpsMetadata;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        oidc.MapInboundClaims = false;
        oidc.SaveTokens = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.Scope.Clear();
        oidc.Scope.Add("openid");
        oidc.Scope.Add("profile");
        oidc.Events.OnTokenValidated = context => MapTokenAsync(context, staff.OpenIdConnect);
        oidc.Events.OnRemoteFailure = context =>
        {
            context.Response.Redirect(AccessDeniedPath);
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>The session holds only the staff id, name and the staff roles of the token's <c>roles</c> claim.</summary>
    private static Task MapTokenAsync(TokenValidatedContext context, StaffOpenIdConnectOptions settings)
    {
        var token = context.Principal!;
        var roles = token.FindAll("roles").Select(c => settings.RoleMap.TryGetValue(c.Value, out var mapped) ? mapped : c.Value)
            .Where(StaffRoles.All.Contains)
            .ToList();
        var id = token.FindFirst("oid")?.Value ?? token.FindFirst("sub")?.Value;
        if (roles.Count == 0 || id is null)
        {
            context.Fail("The token carries no staff role.");
            return Task.CompletedTask;
        }
        var name = token.FindFirst("name")?.Value ?? token.FindFirst("preferred_username")?.Value ?? id;
        context.Principal = StaffPrincipal.Create(id, name, roles, OpenIdConnectScheme);
        return RecordAsync(context.HttpContext, id, AuditActions.SignIn, null);
    }

    /// <summary>
    /// A session ends when its account is gone or its roles changed (<c>staff add-user</c> replaced it), so taking a role
    /// away takes effect on the next request rather than when the session expires. A lock-out does not end sessions:
    /// anyone can trigger one by failing on purpose.
    /// </summary>
    private static async Task CheckLocalAccountAsync(CookieValidatePrincipalContext context)
    {
        var actor = context.Principal?.TryGetStaffActor();
        var accounts = context.HttpContext.RequestServices.GetRequiredService<IStaffAccountStore>();
        var account = actor is null ? null : await accounts.FindAsync(actor.Id, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (account is null || !actor!.Roles.SetEquals(account.Roles.Where(StaffRoles.All.Contains)))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme).ConfigureAwait(false);
        }
    }

    private static async Task RecordDeniedAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        // The path only: a query string may hold what staff searched for.
        var actor = context.HttpContext.User.TryGetStaffActor()?.Id ?? LocalSignIn.UnknownActor;
        await RecordAsync(context.HttpContext, actor, AuditActions.Denied, context.Request.Path.Value).ConfigureAwait(false);
        context.Response.Redirect(context.RedirectUri);
    }

    private static Task RecordAsync(HttpContext http, string actorId, string action, string? detail)
    {
        var services = http.RequestServices;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        return services.GetRequiredService<IAuditTrail>()
            .AppendAsync(new AuditRecord(time.GetUtcNow(), actorId, action, null, detail), http.RequestAborted);
    }
}
