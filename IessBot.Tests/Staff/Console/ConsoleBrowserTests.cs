using System.Text.RegularExpressions;
using IessBot.Cases;
using IessBot.Tests.DirectLine;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Staff.Infrastructure;
using Xunit.Abstractions;

namespace IessBot.Tests.Staff.Console;

/// <summary>
/// The console in headless Chromium (the Web Chat tests' runner: Debian's chromium driven by playwright-core, see
/// DirectLine/Clients/staff-console.mjs): sign-in, the list and a case page on a tablet and a laptop screen, no console
/// errors (the console's Content-Security-Policy would report any inline script or style), screenshots kept under the
/// test output's <c>artifacts/</c> folder.
/// </summary>
public sealed partial class ConsoleBrowserTests(ITestOutputHelper output)
{
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");

    [Fact]
    public async Task The_list_and_the_case_page_render_in_Chromium_without_console_errors()
    {
        await using var host = await TestBotHost.StartAsync();
        var cases = await SeededCases.CreateAsync(host);
        await StaffBrowser.CreateAccountAsync(host, "sara.supervisora", StaffBrowser.DefaultPassword, StaffRoles.Supervisor);

        var result = await NodeScript.RunAsync("staff-console.mjs",
            [host.BaseAddress.ToString(), Artifacts, "sara.supervisora", cases.HealthQueja.Number],
            onControl: command => Task.FromResult(command == "password" ? StaffBrowser.DefaultPassword : ""),
            timeout: TimeSpan.FromSeconds(120));

        foreach (Match artifact in ArtifactLine().Matches(result.Output))
        {
            output.WriteLine($"artifact: {artifact.Groups["path"].Value}");
        }
        Assert.True(result.ExitCode == 0, $"The console scenario failed:\n{result.Failures}\n--- output ---\n{result.Output}");
        foreach (var name in new[] { "staff-lista-tableta.png", "staff-caso-tableta.png", "staff-estadisticas-tableta.png", "staff-lista-portatil.png", "staff-caso-portatil.png", "staff-estadisticas-portatil.png" })
        {
            var png = File.ReadAllBytes(Path.Combine(Artifacts, name));
            Assert.True(png.Length > 10_000, $"{name} is only {png.Length} bytes");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        }
    }

    [GeneratedRegex(@"^@@artifact (?<path>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex ArtifactLine();
}
