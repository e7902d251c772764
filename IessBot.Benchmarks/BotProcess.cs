using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IessBot.Benchmarks;

/// <summary>The bot under test, in its own process so that its CPU time and memory are measured alone.</summary>
internal sealed class BotProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    private BotProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    public static async Task<BotProcess> StartAsync(BenchmarkOptions options, IEnumerable<string>? extraArguments = null)
    {
        if (!File.Exists(options.BotAssembly))
        {
            throw new FileNotFoundException($"Build the bot first: dotnet build -c Release IessBot (looked for {options.BotAssembly})");
        }
        var port = FreePort();
        var dataDirectory = Directory.CreateTempSubdirectory("iessbot-bench-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                options.BotAssembly,
                $"--urls=http://127.0.0.1:{port}",
                $"--Storage:Embedded:DataDirectory={dataDirectory}",
                $"--Logging:LogLevel:Default={options.LogLevel}",
                "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            },
            WorkingDirectory = Path.GetDirectoryName(options.BotAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_gcServer"] = options.ServerGc ? "1" : "0", ["ASPNETCORE_ENVIRONMENT"] = "Production" },
        };
        foreach (var argument in extraArguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bot.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[bot] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var bot = new BotProcess(process, new Uri($"http://127.0.0.1:{port}/"), dataDirectory);
        await bot.WaitUntilReadyAsync();
        return bot;
    }

    public TimeSpan CpuTime()
    {
        // /proc/<pid>/stat fields 14 and 15: utime and stime in clock ticks.
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    public long PeakRssBytes() => StatusKilobytes("VmHWM:") * 1024;

    public long RssBytes() => StatusKilobytes("VmRSS:") * 1024;

    /// <summary>Starts a new peak (VmHWM) from the current RSS (Linux: <c>clear_refs</c> 5, needs the same user or root).</summary>
    public void ResetPeakRss() => File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");

    private long StatusKilobytes(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        for (var i = 0; i < 300; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The bot exited with code {_process.ExitCode}.");
            }
            try
            {
                using var response = await http.GetAsync("healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The bot did not become ready in 30 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
