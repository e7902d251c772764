using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IessBot.WhatsApp;

namespace IessBot.Benchmarks;

/// <summary>
/// <c>-- whatsapp</c>: the bot in its own process with the WhatsApp channel on, a fake Graph API here receiving its
/// sends, and citizens filing quejas through signed webhooks on loopback. Two measurements:
/// the webhook acknowledgement latency at a fixed offered rate (open loop, each webhook the next step of some
/// citizen whose previous step was fully answered, so the processing must keep up), and complete filings per
/// second with a fixed number of citizens filing at once (closed loop).
/// </summary>
internal static partial class WhatsAppBenchmark
{
    private const string PhoneNumberId = "106540352242922";
    private const string Secret = "bench-app-secret";
    private const string Token = "bench-token";

    private static readonly string[] Script =
    [
        "Hola", "Registrar queja", "1", "Acepto", "1714307103", "Usar este número", "ciudadano.prueba@example.com", "Pichincha", "Quito",
        "Av. 10 de Agosto N23-45 y Bogotá, junto al parque",
        "El 3 de noviembre esperé seis horas en el área de consulta externa sin que me atendieran.",
        "Omitir", "Omitir", "Confirmar",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        string Get(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var rate = int.Parse(Get("--rate", "200"), CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(double.Parse(Get("--seconds", "20"), CultureInfo.InvariantCulture));
        var concurrency = Get("--concurrency", "16,64").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var options = BenchmarkOptions.Parse(args);

        await using var graph = await GraphServer.StartAsync();
        using var bot = await BotProcess.StartAsync(options,
        [
            $"--WhatsApp:PhoneNumberId={PhoneNumberId}", $"--WhatsApp:AccessToken={Token}", $"--WhatsApp:AppSecret={Secret}",
            "--WhatsApp:VerifyToken=bench", $"--WhatsApp:GraphApiBaseUrl={graph.BaseUrl}", "--WhatsApp:GraphApiVersion=v25.0",
        ]);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024 }) { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var driver = new Driver(http, graph);

        Console.WriteLine($"IessBot WhatsApp benchmark — {Environment.ProcessorCount} cores; a filing is {Script.Length} webhooks (queja, no evidence).");
        var expected = await driver.CalibrateAsync();
        Console.WriteLine($"Replies per step: {string.Join(',', expected)}");

        await driver.OpenLoopAsync(rate, TimeSpan.FromSeconds(5), expected, bot); // warm-up
        Console.WriteLine();
        Console.WriteLine("| offered webhooks/s | achieved/s | ack p50 ms | ack p99 ms | ack max ms | answered p50 ms | answered p99 ms | stalls | filings/s | bot CPU ms/webhook |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine((await driver.OpenLoopAsync(rate, duration, expected, bot)).Row(rate.ToString(CultureInfo.InvariantCulture)));

        Console.WriteLine();
        Console.WriteLine("| citizens at once | achieved webhooks/s | ack p50 ms | ack p99 ms | ack max ms | answered p50 ms | answered p99 ms | stalls | filings/s | bot CPU ms/webhook |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in concurrency.Where(c => c > 0))
        {
            await driver.ClosedLoopAsync(c, TimeSpan.FromSeconds(5), expected, bot);
            Console.WriteLine((await driver.ClosedLoopAsync(c, duration, expected, bot)).Row(c.ToString(CultureInfo.InvariantCulture)));
        }
        return 0;
    }

    private sealed record Result(double Achieved, double AckP50, double AckP99, double AckMax, double AnsweredP50, double AnsweredP99, long Stalls, double FilingsPerSecond, double CpuMsPerWebhook)
    {
        public string Row(string first) => string.Create(CultureInfo.InvariantCulture,
            $"| {first} | {Achieved:0} | {AckP50:0.0} | {AckP99:0.0} | {AckMax:0.0} | {AnsweredP50:0.0} | {AnsweredP99:0.0} | {Stalls} | {FilingsPerSecond:0.0} | {CpuMsPerWebhook:0.000} |");
    }

    /// <summary>One citizen filing: the next step is posted only when the previous one was answered in full.</summary>
    private sealed class Citizen(string waId)
    {
        public string WaId { get; set; } = waId;
        public int Step { get; set; }
        public int Expected { get; set; }
    }

    private sealed partial class Driver(HttpClient http, GraphServer graph)
    {
        private static long _ids = 100_000_000;
        private ConcurrentBag<double> _acks = [];
        private ConcurrentBag<double> _answered = [];
        private long _filings;

        public async Task<int[]> CalibrateAsync()
        {
            var citizen = NewCitizen();
            var counts = new int[Script.Length];
            for (var step = 0; step < Script.Length; step++)
            {
                var before = graph.Count(citizen.WaId);
                await PostAsync(citizen.WaId, Script[step]);
                // Answered at all (the first turn pays for start-up), then quiet for 500 ms: the step is fully answered.
                await graph.WaitForAsync(citizen.WaId, before + 1);
                var last = -1;
                while (graph.Count(citizen.WaId) != last)
                {
                    last = graph.Count(citizen.WaId);
                    await Task.Delay(500);
                }
                counts[step] = last - before;
            }
            if (!CaseNumber().IsMatch(graph.LastText(citizen.WaId)))
            {
                throw new InvalidOperationException("The calibration filing did not end with a case number.");
            }
            return counts;
        }

        public async Task<Result> OpenLoopAsync(int rate, TimeSpan duration, int[] expected, BotProcess bot)
        {
            Reset();
            // Half a second of webhooks in flight at most: each citizen takes a step about every half second.
            var ready = new ConcurrentQueue<Citizen>(Enumerable.Range(0, Math.Max(rate / 2, 16)).Select(_ => NewCitizen()));
            var interval = TimeSpan.FromSeconds(1.0 / rate);
            var cpu = bot.CpuTime();
            var clock = Stopwatch.StartNew();
            long stalls = 0;
            var running = new List<Task>();
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                var due = interval * i - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
                if (!ready.TryDequeue(out var citizen))
                {
                    stalls++;
                    continue;
                }
                running.Add(StepAsync(citizen, expected).ContinueWith(_ => ready.Enqueue(citizen), TaskScheduler.Default));
            }
            var elapsed = clock.Elapsed;
            await Task.WhenAll(running);
            return Summarize(elapsed, bot.CpuTime() - cpu, stalls);
        }

        public async Task<Result> ClosedLoopAsync(int concurrency, TimeSpan duration, int[] expected, BotProcess bot)
        {
            Reset();
            var cpu = bot.CpuTime();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                var citizen = NewCitizen();
                while (clock.Elapsed < duration)
                {
                    await StepAsync(citizen, expected);
                }
            })));
            return Summarize(clock.Elapsed, bot.CpuTime() - cpu, 0);
        }

        /// <summary>Posts the citizen's next step and waits until all its replies reached the Graph API; a finished filing starts a new citizen.</summary>
        private async Task StepAsync(Citizen citizen, int[] expected)
        {
            citizen.Expected += expected[citizen.Step];
            var started = Stopwatch.GetTimestamp();
            _acks.Add(await PostAsync(citizen.WaId, Script[citizen.Step]));
            await graph.WaitForAsync(citizen.WaId, citizen.Expected);
            _answered.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (++citizen.Step == Script.Length)
            {
                if (CaseNumber().IsMatch(graph.LastText(citizen.WaId)))
                {
                    Interlocked.Increment(ref _filings);
                }
                citizen.WaId = NewWaId();
                citizen.Step = 0;
                citizen.Expected = 0;
            }
        }

        private async Task<double> PostAsync(string waId, string text)
        {
            var id = Interlocked.Increment(ref _ids);
            var body = new JsonObject
            {
                ["object"] = "whatsapp_business_account",
                ["entry"] = new JsonArray(new JsonObject
                {
                    ["id"] = "102290129340398",
                    ["changes"] = new JsonArray(new JsonObject
                    {
                        ["field"] = "messages",
                        ["value"] = new JsonObject
                        {
                            ["messaging_product"] = "whatsapp",
                            ["metadata"] = new JsonObject { ["display_phone_number"] = "15550783881", ["phone_number_id"] = PhoneNumberId },
                            ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = "Ciudadano" }, ["wa_id"] = waId }),
                            ["messages"] = new JsonArray(new JsonObject
                            {
                                ["from"] = waId,
                                ["id"] = $"wamid.BENCH{id}==",
                                ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                                ["type"] = "text",
                                ["text"] = new JsonObject { ["body"] = text },
                            }),
                        },
                    }),
                }),
            }.ToJsonString();
            var bytes = Encoding.UTF8.GetBytes(body);
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/whatsapp") { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(bytes, Secret));
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            return elapsed;
        }

        private void Reset()
        {
            _acks = [];
            _answered = [];
            _filings = 0;
        }

        private Result Summarize(TimeSpan elapsed, TimeSpan cpu, long stalls)
        {
            var acks = _acks.Order().ToArray();
            var answered = _answered.Order().ToArray();
            static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
            return new Result(acks.Length / elapsed.TotalSeconds, Percentile(acks, 0.5), Percentile(acks, 0.99), acks.Length == 0 ? double.NaN : acks[^1],
                Percentile(answered, 0.5), Percentile(answered, 0.99), stalls, Interlocked.Read(ref _filings) / elapsed.TotalSeconds,
                acks.Length == 0 ? double.NaN : cpu.TotalMilliseconds / acks.Length);
        }

        private static Citizen NewCitizen() => new(NewWaId());

        // Ecuadorian mobile numbers (+593 99…), so the phone step can offer them.
        private static string NewWaId() => "59399" + Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture);

        [GeneratedRegex(@"\b[QD]-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\b")]
        private static partial Regex CaseNumber();
    }
}
