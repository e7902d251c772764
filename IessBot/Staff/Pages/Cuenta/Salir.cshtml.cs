using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IessBot.Staff.Pages.Cuenta;

/// <summary>Sign-out (<c>POST /staff/cuenta/salir</c>, with the antiforgery token): a GET only shows the button, so a link cannot sign anyone out.</summary>
public sealed class SalirModel(IAuditTrail audit, TimeProvider time) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var actor = User.GetStaffActor();
        await audit.AppendAsync(new AuditRecord(time.GetUtcNow(), actor.Id, AuditActions.SignOut, null, null), cancellationToken);
        await HttpContext.SignOutAsync(StaffAuthentication.CookieScheme);
        return LocalRedirect(StaffAuthentication.SignedOutPath);
    }
}
