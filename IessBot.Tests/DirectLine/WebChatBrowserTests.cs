using System.Text.RegularExpressions;
using IessBot.Cases;
using IessBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace IessBot.Tests.DirectLine;

/// <summary>
/// The IESS page and the real Web Chat 4.18.1 bundle in headless Chromium (Debian's chromium, driven by playwright-core
/// from Clients/webchat-e2e.mjs), against the app with its real filing bot. Screenshots of the finished conversations
/// are kept under the test output's <c>artifacts/</c> folder.
/// </summary>
public partial class WebChatBrowserTests(ITestOutputHelper output)
{
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");

    [Fact]
    public async Task A_citizen_files_a_queja_in_Web_Chat_with_a_PDF_and_gets_the_case_number()
    {
        await using var host = await TestBotHost.StartAsync();

        var result = await RunAsync(host, "queja");

        var caseNumber = CaseLine().Match(result.Output).Groups["number"].Value;
        var filed = await host.Services.GetRequiredService<ICaseStore>().GetAsync(caseNumber, default);
        Assert.NotNull(filed);
        Assert.Equal("constancia-de-turno.pdf", Assert.Single(filed.Evidence).OriginalName);
        Assert.Equal("application/pdf", filed.Evidence[0].ContentType);
        AssertScreenshot(result, "webchat-queja.png");
    }

    [Fact]
    public async Task A_denuncia_file_that_claims_to_be_a_PDF_but_is_not_is_refused_in_Web_Chat()
    {
        await using var host = await TestBotHost.StartAsync();

        var result = await RunAsync(host, "denuncia-fake-pdf");

        AssertScreenshot(result, "webchat-denuncia-rechazada.png");
    }

    private async Task<NodeScriptResult> RunAsync(TestBotHost host, string scenario)
    {
        var result = await NodeScript.RunAsync("webchat-e2e.mjs", [scenario, host.BaseAddress.ToString(), Artifacts], timeout: TimeSpan.FromSeconds(150));
        foreach (Match artifact in ArtifactLine().Matches(result.Output))
        {
            output.WriteLine($"artifact: {artifact.Groups["path"].Value}");
        }
        Assert.True(result.ExitCode == 0, $"Web Chat scenario '{scenario}' failed:\n{result.Failures}\n--- output ---\n{result.Output}");
        return result;
    }

    private static void AssertScreenshot(NodeScriptResult result, string name)
    {
        var path = Path.Combine(Artifacts, name);
        Assert.Contains($"@@artifact {path}", result.Output, StringComparison.Ordinal);
        var png = File.ReadAllBytes(path);
        Assert.True(png.Length > 20_000, $"{path} is only {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }

    [GeneratedRegex(@"^@@case (?<number>Q-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2})\s*$", RegexOptions.Multiline)]
    private static partial Regex CaseLine();

    [GeneratedRegex(@"^@@artifact (?<path>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex ArtifactLine();
}
