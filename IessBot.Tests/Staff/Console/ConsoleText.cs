using System.Net;
using IessBot.Tests.Staff.Infrastructure;

namespace IessBot.Tests.Staff.Console;

internal static class ConsoleText
{
    /// <summary>A page's HTML with entities decoded (Razor writes "á" as "&amp;#xE1;"), so tests search for what a reader sees.</summary>
    public static async Task<string> GetTextAsync(this StaffBrowser browser, string path) => WebUtility.HtmlDecode(await browser.GetPageAsync(path));
}
