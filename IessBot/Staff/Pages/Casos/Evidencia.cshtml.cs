using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IessBot.Staff.Pages.Casos;

/// <summary>
/// An evidence file, streamed through the app (<c>/staff/casos/{numero}/evidencias/{id}</c>) for those who may open the
/// case; anyone else gets the same 404 as for an unknown file. Always an attachment, with the type stored at intake and
/// nosniff, so a file is never rendered by the browser in the console's origin.
/// </summary>
[Authorize(Policy = StaffPolicies.CaseWork)]
public sealed class EvidenciaModel(StaffCaseService cases) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string numero, string id, CancellationToken cancellationToken)
    {
        EvidenceDownload download;
        try
        {
            download = await cases.OpenEvidenceAsync(User.GetStaffActor(), numero, id, cancellationToken);
        }
        catch (CaseNotVisibleException)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        // FileStreamResult copies the stream in chunks and disposes it: the file is never held whole in memory.
        return File(download.Content, download.ContentType, download.FileName);
    }
}
