using IessBot.Cases;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IessBot.Staff.Pages;

/// <summary>The console's start page: who is signed in, and links to the pages their roles open.</summary>
public sealed class IndexModel : PageModel
{
    public StaffActor Actor { get; private set; } = null!;

    public void OnGet() => Actor = User.GetStaffActor();
}
