using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IessBot.Staff.Pages.Cuenta;

/// <summary>
/// Local sign-in (<c>/staff/cuenta/ingresar</c>). With OpenID Connect this page only hands over to the identity
/// provider. A failure never says whether the name or the password was wrong, nor that the account is locked.
/// </summary>
public sealed class IngresarModel(LocalSignIn signIn, IOptions<StaffAuthenticationOptions> options) : PageModel
{
    public const string FailureText =
        "No se pudo ingresar con esos datos. Revise el usuario y la contraseña e inténtelo de nuevo. " +
        "Después de varios intentos fallidos, el ingreso se bloquea temporalmente.";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Usuario { get; set; }

    [BindProperty]
    public string? Contrasena { get; set; }

    public bool Failed { get; private set; }

    public IActionResult OnGet() =>
        options.Value.Mode == StaffSignInMode.OpenIdConnect
            ? Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl() }, StaffAuthentication.OpenIdConnectScheme)
            : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Mode != StaffSignInMode.Local)
        {
            return NotFound();
        }
        var account = string.IsNullOrWhiteSpace(Usuario) || string.IsNullOrEmpty(Contrasena)
            ? null
            : await signIn.CheckAsync(Usuario, Contrasena, cancellationToken);
        Contrasena = null;
        if (account is null)
        {
            Failed = true;
            return Page();
        }

        var principal = StaffPrincipal.Create(account.UserName, account.DisplayName, account.Roles, StaffAuthentication.CookieScheme);
        await HttpContext.SignInAsync(StaffAuthentication.CookieScheme, principal, new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect(SafeReturnUrl());
    }

    // Only back into the console: an open redirect would let a link send staff elsewhere after signing in.
    private string SafeReturnUrl() =>
        ReturnUrl is { } url && Url.IsLocalUrl(url) && (url == "/staff" || url.StartsWith("/staff/", StringComparison.OrdinalIgnoreCase)) ? url : "/staff";
}
