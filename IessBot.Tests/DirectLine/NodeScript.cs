using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace IessBot.Tests.DirectLine;

/// <summary>What a client script reported: its checks (name, ok, detail) and everything it printed.</summary>
public sealed record NodeScriptResult(int ExitCode, JsonElement? Result, string Output)
{
    /// <summary>The failed checks with their details, or the whole output when the script reported nothing.</summary>
    public string Failures => Result is { } result
        ? string.Join("\n", result.GetProperty("checks").EnumerateArray().Where(c => !c.GetProperty("ok").GetBoolean()).Select(c => c.ToString()))
        : Output;

    public int Passed => Result?.GetProperty("passed").GetInt32() ?? 0;
}

/// <summary>
/// Runs a script of <c>IessBot.Tests/DirectLine/Clients</c> under Node (real botframework-directlinejs, playwright-core
/// with the system Chromium) and answers its <c>@@control</c> requests (see harness.mjs). Missing Node or packages fail
/// the test with the command that installs them: a browser or client test never passes by not running.
/// </summary>
public static class NodeScript
{
    public static string ClientsDirectory { get; } = FindClientsDirectory();

    public static async Task<NodeScriptResult> RunAsync(
        string script, IReadOnlyList<string> arguments, Func<string, Task<string>>? onControl = null, TimeSpan? timeout = null)
    {
        EnsureInstalled();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ClientsDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var output = new StringBuilder();
        var errors = process.StandardError.ReadToEndAsync();
        JsonElement? result = null;
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                output.AppendLine(line);
                if (line.StartsWith("@@control ", StringComparison.Ordinal))
                {
                    var answer = onControl is null ? "" : await onControl(line["@@control ".Length..]);
                    await process.StandardInput.WriteLineAsync(answer);
                    await process.StandardInput.FlushAsync();
                }
                else if (line.StartsWith("@@result ", StringComparison.Ordinal))
                {
                    result = JsonDocument.Parse(line["@@result ".Length..]).RootElement.Clone();
                }
            }
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            output.AppendLine($"[killed: the script ran longer than {(timeout ?? TimeSpan.FromSeconds(120)).TotalSeconds} s]");
        }
        output.AppendLine(await errors);
        return new NodeScriptResult(process.HasExited ? process.ExitCode : -1, result, output.ToString());
    }

    private static void EnsureInstalled()
    {
        foreach (var package in (string[])["botframework-directlinejs", "playwright-core", "ws"])
        {
            if (!Directory.Exists(Path.Combine(ClientsDirectory, "node_modules", package)))
            {
                throw new InvalidOperationException(
                    $"The npm package '{package}' is not installed for the client tests. Run: npm ci --prefix {ClientsDirectory} (bash .ci/run does it).");
            }
        }
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true })!;
            node.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("Node.js (node) is needed for the Direct Line client tests and was not found on PATH.", exception);
        }
    }

    private static string FindClientsDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "IessBot.Tests", "DirectLine", "Clients");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("IessBot.Tests/DirectLine/Clients was not found above the test assembly.");
    }
}
