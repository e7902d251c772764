using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace IessBot.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project IessBot.Benchmarks -- directline</c>: the Web Chat channel measured on loopback,
/// with the bot in its own process. (1) Page load to the welcome message in headless Chromium (the real page and Web
/// Chat bundle, Clients/webchat-e2e.mjs). (2) Turns/s and p99 for complete filings through Direct Line polling and
/// WebSocket, next to the same filings through /api/messages at the same concurrency, in the same run. (3) Peak RSS of
/// the bot while 20 MB files are uploaded, per upload in flight.
/// </summary>
internal static class DirectLineBenchmark
{
    private const long TwentyMegabytes = 20L * 1024 * 1024;

    /// <summary>Every simulated citizen comes from 127.0.0.1: the page's token endpoint must not throttle them.</summary>
    private static readonly string[] Unthrottled = ["--DirectLine:TokenRequestsPerWindow=100000000"];

    public static async Task<int> RunAsync(BenchmarkOptions options)
    {
        Console.WriteLine($"IessBot Direct Line benchmark — {Environment.ProcessorCount} cores, bot: {options.BotAssembly}");
        // --only page|upload|throughput runs one part.
        var only = options.Only;
        if (only is null or "page")
        {
            await PageLoadAsync(options);
        }
        if (only is null or "upload")
        {
            await UploadMemoryAsync(options);
        }
        if (only is null or "throughput")
        {
            await ThroughputAsync(options);
        }
        return 0;
    }

    private static async Task PageLoadAsync(BenchmarkOptions options)
    {
        using var bot = await BotProcess.StartAsync(options, Unthrottled);
        var clients = FindClients();
        var artifacts = Directory.CreateTempSubdirectory("iessbot-bench-page-").FullName;
        var start = new ProcessStartInfo("node") { WorkingDirectory = clients, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["webchat-e2e.mjs", "load", bot.BaseAddress.ToString(), artifacts])
        {
            start.ArgumentList.Add(argument);
        }
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("@@timings ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The page-load script reported no timings:\n{output}{await node.StandardError.ReadToEndAsync()}");
        var times = JsonSerializer.Deserialize<double[]>(line["@@timings ".Length..])!;
        var warm = times.Skip(1).Order().ToArray();
        Console.WriteLine();
        Console.WriteLine("Page load to welcome message (headless Chromium, phone viewport, fresh browser context each time, so no cache):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  first (cold server): {times[0]:0} ms; next {warm.Length}: median {warm[warm.Length / 2]:0} ms, min {warm[0]:0} ms, max {warm[^1]:0} ms"));
        Directory.Delete(artifacts, recursive: true);
    }

    private static async Task UploadMemoryAsync(BenchmarkOptions options)
    {
        using var bot = await BotProcess.StartAsync(options, Unthrottled);
        using var http = Client(bot);
        var warmUp = await AtEvidenceStepAsync(http, 1);
        await warmUp[0].UploadAsync(new PatternStream(200_000, sizeKnown: true), "calentamiento.pdf", CancellationToken.None);

        Console.WriteLine();
        Console.WriteLine("Upload of 20 MB files (denuncia evidence step; the file is streamed into the evidence store, then taken by the filing):");
        // Browsers send a FormData body with its Content-Length; a client streaming a file of unknown size sends it chunked.
        foreach (var (sizeKnown, how) in (IEnumerable<(bool, string)>)[(true, "with Content-Length, as browsers send it"), (false, "chunked")])
        {
            foreach (var inFlight in (int[])[1, 4])
            {
                var conversations = await AtEvidenceStepAsync(http, inFlight);
                await Task.Delay(500);
                bot.ResetPeakRss();
                var before = bot.RssBytes();
                var clock = Stopwatch.StartNew();
                var replies = await Task.WhenAll(conversations.Select(c => c.UploadAsync(new PatternStream(TwentyMegabytes, sizeKnown), "prueba.pdf", CancellationToken.None)));
                clock.Stop();
                var rise = (bot.PeakRssBytes() - before) / (1024.0 * 1024.0);
                var accepted = replies.Count(r => r?.Contains("Archivo recibido", StringComparison.Ordinal) == true);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {how}, {inFlight} in flight: peak RSS +{rise:0.0} MB ({rise / inFlight:0.0} MB per upload), {clock.Elapsed.TotalSeconds:0.00} s, accepted {accepted}/{inFlight}"));
                foreach (var conversation in conversations)
                {
                    await conversation.DisposeAsync();
                }
            }
        }
        await warmUp[0].DisposeAsync();
    }

    private static async Task ThroughputAsync(BenchmarkOptions options)
    {
        await using var connector = await ConnectorServer.StartAsync();
        using var bot = await BotProcess.StartAsync(options, Unthrottled);
        using var http = Client(bot);
        Console.WriteLine();
        Console.WriteLine($"Complete filings ({FilingScript.Answers.Length + 1} turns each: the start and every answer), same bot process; Direct Line polling = POST + one GET of the log, WebSocket = POST + the frame with the replies:");
        Console.WriteLine();
        await WarmUpAsync(options, http, connector);
        Console.WriteLine("| channel | C | turns/s | p50 ms | p99 ms | bot CPU ms/turn | bot peak RSS MB | filings completed | errors | client CPU ms/turn |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var concurrency in options.Concurrency)
        {
            // Two rounds of the three channels, each channel compared with /api/messages of its own round: the rounds
            // show how much of a difference is noise.
            foreach (var round in (int[])[1, 2])
            {
                await MeasureAsync($"/api/messages, round {round}", concurrency, options, bot, new FilingDriver(http, connector));
                await MeasureAsync($"Direct Line polling, round {round}", concurrency, options, bot, new DirectLineDriver(http, webSocket: false));
                await MeasureAsync($"Direct Line WebSocket, round {round}", concurrency, options, bot, new DirectLineDriver(http, webSocket: true));
            }
        }
    }

    /// <summary>
    /// Every channel's code runs before any is measured, at low concurrency and then idle for a moment: tiered JIT
    /// compiles the hot paths on a background thread that a saturated bot starves, so without this the channels
    /// measured first paid for the JIT (a trace showed a fifth of the bot's CPU in it during the first phases). Then
    /// each channel runs at the highest concurrency measured, for as long as a measurement: the channel measured first
    /// ran a good deal slower than later while the database and its write-ahead log were still growing.
    /// </summary>
    private static async Task WarmUpAsync(BenchmarkOptions options, HttpClient http, ConnectorServer connector)
    {
        const int Concurrency = 4;
        await new FilingDriver(http, connector).RunAsync(Concurrency, options.Warmup, CancellationToken.None);
        await new DirectLineDriver(http, webSocket: false).RunAsync(Concurrency, options.Warmup, CancellationToken.None);
        await new DirectLineDriver(http, webSocket: true).RunAsync(Concurrency, options.Warmup, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var busiest = options.Concurrency.Max();
        await new FilingDriver(http, connector).RunAsync(busiest, options.Duration, CancellationToken.None);
        await new DirectLineDriver(http, webSocket: false).RunAsync(busiest, options.Duration, CancellationToken.None);
        await new DirectLineDriver(http, webSocket: true).RunAsync(busiest, options.Duration, CancellationToken.None);
    }

    private static async Task MeasureAsync(string channel, int concurrency, BenchmarkOptions options, BotProcess bot, object driver)
    {
        Func<TimeSpan, Task> run = driver switch
        {
            FilingDriver messages => d => messages.RunAsync(concurrency, d, CancellationToken.None),
            DirectLineDriver directLine => d => directLine.RunAsync(concurrency, d, CancellationToken.None),
            _ => throw new ArgumentException("Unknown driver.", nameof(driver)),
        };
        await run(options.Warmup);
        (driver as FilingDriver)?.Reset();
        (driver as DirectLineDriver)?.Reset();
        using var self = Process.GetCurrentProcess();
        var cpuBefore = bot.CpuTime();
        var clientCpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await run(options.Duration);
        clock.Stop();
        var cpu = bot.CpuTime() - cpuBefore;
        self.Refresh();
        var clientCpu = self.TotalProcessorTime - clientCpuBefore;
        var result = driver is FilingDriver f ? f.Summarize(clock.Elapsed, cpu, bot.PeakRssBytes()) : ((DirectLineDriver)driver).Summarize(clock.Elapsed, cpu, bot.PeakRssBytes());
        // The client shares the machine's cores with the bot: its CPU per turn is part of what limits turns/s.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {channel} {result.ToMarkdownRow(concurrency)} {clientCpu.TotalMilliseconds / Math.Max(1, result.Turns):0.000} |"));
    }

    /// <summary>Conversations of a denuncia, each answered up to the evidence step.</summary>
    private static async Task<DirectLineConversation[]> AtEvidenceStepAsync(HttpClient http, int count)
    {
        var conversations = new DirectLineConversation[count];
        for (var i = 0; i < count; i++)
        {
            conversations[i] = await DirectLineConversation.StartAsync(http, webSocket: false, CancellationToken.None);
            await conversations[i].WelcomeAsync(CancellationToken.None);
            foreach (var text in FilingScript.Answers.Take(11).Select((t, index) => index == 0 ? "Registrar denuncia" : t))
            {
                await conversations[i].SayAsync(text, CancellationToken.None);
            }
        }
        return conversations;
    }

    private static HttpClient Client(BotProcess bot) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = bot.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    private static string FindClients()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "IessBot.Tests", "DirectLine", "Clients");
            if (Directory.Exists(Path.Combine(candidate, "node_modules", "playwright-core")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("Run 'npm ci --prefix IessBot.Tests/DirectLine/Clients' first (the page-load measurement uses playwright-core).");
    }

    /// <summary>
    /// A PDF header followed by generated bytes: a large file without holding it in the benchmark's memory. Seekable only
    /// to tell its length (HttpClient then sends Content-Length); with <paramref name="sizeKnown"/> false it goes chunked.
    /// </summary>
    private sealed class PatternStream(long length, bool sizeKnown) : Stream
    {
        private static readonly byte[] Header = "%PDF-1.4\n"u8.ToArray();
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => sizeKnown;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => _position = value; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++)
            {
                var at = _position + i;
                buffer[offset + i] = at < Header.Length ? Header[at] : (byte)(at * 31 % 251);
            }
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
