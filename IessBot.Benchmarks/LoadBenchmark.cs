using System.Diagnostics;
using System.Globalization;

namespace IessBot.Benchmarks;

/// <summary>
/// Load harness: starts IessBot as its own process (embedded SQLite storage, encryption on), plays the
/// Emulator's part — its own Connector server on loopback receives the replies — and drives complete
/// filing conversations through <c>POST /api/messages</c> at several concurrency levels.
/// Reports turns/s, p50/p99 turn latency, the bot's CPU time per turn and its peak RSS.
/// </summary>
public static class LoadBenchmark
{
    public static async Task<int> Main(string[] args)
    {
        var options = BenchmarkOptions.Parse(args);
        if (args.Contains("directline"))
        {
            return await DirectLineBenchmark.RunAsync(options);
        }
        Console.WriteLine($"IessBot load benchmark — {Environment.ProcessorCount} cores, bot: {options.BotAssembly}");
        Console.WriteLine($"Each level runs {options.Duration.TotalSeconds:0} s after a {options.Warmup.TotalSeconds:0} s warm-up; a turn is one POST /api/messages answered after its replies reached the Connector.");

        await using var connector = await ConnectorServer.StartAsync();
        using var bot = await BotProcess.StartAsync(options);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = bot.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

        Console.WriteLine();
        Console.WriteLine("| C | turns/s | p50 ms | p99 ms | bot CPU ms/turn | bot peak RSS MB | filings completed | errors |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var concurrency in options.Concurrency)
        {
            var driver = new FilingDriver(http, connector);
            await driver.RunAsync(concurrency, options.Warmup, CancellationToken.None);
            driver.Reset();

            var cpuBefore = bot.CpuTime();
            var clock = Stopwatch.StartNew();
            await driver.RunAsync(concurrency, options.Duration, CancellationToken.None);
            clock.Stop();
            var cpu = bot.CpuTime() - cpuBefore;

            var result = driver.Summarize(clock.Elapsed, cpu, bot.PeakRssBytes());
            Console.WriteLine(result.ToMarkdownRow(concurrency));
        }

        return 0;
    }
}

internal sealed record BenchmarkOptions(string BotAssembly, int[] Concurrency, TimeSpan Duration, TimeSpan Warmup, string LogLevel, string? Only = null)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        var defaultBot = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../IessBot/bin/Release/net10.0/IessBot.dll"));
        return new BenchmarkOptions(
            BotAssembly: Get("--bot", defaultBot),
            Concurrency: Get("--concurrency", args.Contains("directline") ? "16,64" : "1,16,64,256").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray(),
            Duration: TimeSpan.FromSeconds(double.Parse(Get("--seconds", "20"), CultureInfo.InvariantCulture)),
            Warmup: TimeSpan.FromSeconds(double.Parse(Get("--warmup", "5"), CultureInfo.InvariantCulture)),
            LogLevel: Get("--log-level", "Information"),
            Only: Get("--only", "") is { Length: > 0 } only ? only : null);
    }
}

internal sealed record LevelResult(long Turns, double TurnsPerSecond, double P50Ms, double P99Ms, double CpuMsPerTurn, double PeakRssMb, long Filings, long Errors)
{
    public string ToMarkdownRow(int concurrency) => string.Create(CultureInfo.InvariantCulture,
        $"| {concurrency} | {TurnsPerSecond:0} | {P50Ms:0.0} | {P99Ms:0.0} | {CpuMsPerTurn:0.000} | {PeakRssMb:0} | {Filings} | {Errors} |");
}
