using IessBot.Cases;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IessBot.Staff.Pages;

/// <summary>The console's start page (placeholder until the case list replaces it).</summary>
public sealed class IndexModel : PageModel
{
    public StaffActor Actor { get; private set; } = null!;

    public void OnGet() => Actor = User.GetStaffActor();
}
