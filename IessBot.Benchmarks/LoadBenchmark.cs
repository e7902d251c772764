using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using IessBot.Tests.Storage.Azure;

namespace IessBot.Benchmarks;

/// <summary>
/// Load harness: starts IessBot as its own process (embedded SQLite storage, or with <c>--provider Azure</c> Cosmos DB
/// and Blob Storage on the local stand-ins; encryption on), plays the
/// Emulator's part — its own Connector server on loopback receives the replies — and drives complete
/// filing conversations through <c>POST /api/messages</c> at several concurrency levels.
/// Reports turns/s, p50/p99 turn latency, the bot's CPU time per turn and its peak RSS.
/// </summary>
public static class LoadBenchmark
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["evidence", .. var evidenceArgs])
        {
            return await EvidenceBenchmark.RunAsync(evidenceArgs);
        }
        if (args is ["caselist", .. var caseListArgs])
        {
            return await CaseListBenchmark.RunAsync(caseListArgs);
        }
        if (args is ["whatsapp", ..])
        {
            return await WhatsAppBenchmark.RunAsync(args[1..]);
        }
        var options = BenchmarkOptions.Parse(args);
        if (args.Contains("directline"))
        {
            return await DirectLineBenchmark.RunAsync(options);
        }
        Console.WriteLine($"IessBot load benchmark — {Environment.ProcessorCount} cores, bot: {options.BotAssembly}");
        Console.WriteLine($"Each level runs {options.Duration.TotalSeconds:0} s after a {options.Warmup.TotalSeconds:0} s warm-up; a turn is one POST /api/messages answered after its replies reached the Connector.");

        await using var connector = await ConnectorServer.StartAsync();
        await using var standIns = options.Provider == "Azure" ? await AzureStandIns.StartAsync() : null;
        var settings = standIns?.AppSettings(BenchDatabase, "evidence", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            ?? new Dictionary<string, string?>();
        Console.WriteLine(standIns is null
            ? "Storage: Embedded (SQLite + folder)."
            : $"Storage: Azure on the local stand-ins (Cosmos DB shim on :{standIns.CosmosPort}, Azurite on :{standIns.BlobPort}); round trips counted at the Cosmos stand-in.");
        using var bot = await BotProcess.StartAsync(options, settings.Select(setting => $"--{setting.Key}={setting.Value}"));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = bot.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

        Console.WriteLine();
        Console.WriteLine("| C | turns/s | p50 ms | p99 ms | bot CPU ms/turn | bot peak RSS MB | filings completed | errors |" + (standIns is null ? "" : " state reads/turn | state writes/turn | Cosmos requests/turn |"));
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|" + (standIns is null ? "" : "---:|---:|---:|"));
        foreach (var concurrency in options.Concurrency)
        {
            var driver = new FilingDriver(http, connector);
            await driver.RunAsync(concurrency, options.Warmup, CancellationToken.None);
            driver.Reset();

            var requestsBefore = standIns is null ? null : await standIns.CosmosRequestsAsync();
            var cpuBefore = bot.CpuTime();
            var clock = Stopwatch.StartNew();
            await driver.RunAsync(concurrency, options.Duration, CancellationToken.None);
            clock.Stop();
            var cpu = bot.CpuTime() - cpuBefore;

            var result = driver.Summarize(clock.Elapsed, cpu, bot.PeakRssBytes());
            var row = result.ToMarkdownRow(concurrency);
            if (standIns is not null)
            {
                row += RoundTrips(requestsBefore!, await standIns.CosmosRequestsAsync(), result.Turns);
            }
            Console.WriteLine(row);
        }

        return 0;
    }

    private const string BenchDatabase = "iessbot-bench";

    /// <summary>Requests the Cosmos stand-in served during the measured run, per turn: the target is one read and one write of state.</summary>
    private static string RoundTrips(CosmosRequestCounts before, CosmosRequestCounts after, long turns)
    {
        double PerTurn(int delta) => turns == 0 ? 0 : (double)delta / turns;
        int Delta(string operation) => after.Count(BenchDatabase, "conversations", operation) - before.Count(BenchDatabase, "conversations", operation);
        var all = after.Containers.Values.Sum(c => c.Values.Sum()) + after.Metadata - before.Containers.Values.Sum(c => c.Values.Sum()) - before.Metadata;
        return string.Create(CultureInfo.InvariantCulture,
            $" {PerTurn(Delta("read")):0.000} | {PerTurn(Delta("create") + Delta("replace")):0.000} | {PerTurn(all):0.000} |");
    }
}

internal sealed record BenchmarkOptions(string BotAssembly, int[] Concurrency, TimeSpan Duration, TimeSpan Warmup, string LogLevel, string Provider, bool ServerGc = true, string? Only = null)
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
            Provider: Get("--provider", "Embedded") is var provider && provider.Equals("Azure", StringComparison.OrdinalIgnoreCase) ? "Azure"
                : provider.Equals("Embedded", StringComparison.OrdinalIgnoreCase) ? "Embedded"
                : throw new ArgumentException($"--provider must be Embedded or Azure, not '{provider}'."),
            ServerGc: bool.Parse(Get("--server-gc", "true")),
            Only: Get("--only", "") is { Length: > 0 } only ? only : null);
    }
}

internal sealed record LevelResult(long Turns, double TurnsPerSecond, double P50Ms, double P99Ms, double CpuMsPerTurn, double PeakRssMb, long Filings, long Errors)
{
    public string ToMarkdownRow(int concurrency) => string.Create(CultureInfo.InvariantCulture,
        $"| {concurrency} | {TurnsPerSecond:0} | {P50Ms:0.0} | {P99Ms:0.0} | {CpuMsPerTurn:0.000} | {PeakRssMb:0} | {Filings} | {Errors} |");
}
