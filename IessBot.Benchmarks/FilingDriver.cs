using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IessBot.Benchmarks;

/// <summary>
/// Runs complete filing conversations, Emulator-style, each one turn at a time, with a fixed number
/// running at once. Every POST is timed; a filing counts as completed when the last reply carries a case number.
/// </summary>
internal sealed partial class FilingDriver(HttpClient http, ConnectorServer connector)
{
    private ConcurrentBag<double> _latenciesMs = [];
    private long _filings;
    private long _errors;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Reset()
    {
        _latenciesMs = [];
        _filings = 0;
        _errors = 0;
    }

    public async Task RunAsync(int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < until && !cancellationToken.IsCancellationRequested)
            {
                await FileOneAsync(until, cancellationToken);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
    }

    private async Task FileOneAsync(long until, CancellationToken cancellationToken)
    {
        var conversationId = $"{Guid.NewGuid()}|livechat";
        var user = new { id = Guid.NewGuid().ToString(), name = "User", role = "user" };
        var bot = new { id = "iessbot", name = "Bot", role = "bot" };
        if (!await PostAsync(new
        {
            type = "conversationUpdate",
            id = Guid.NewGuid().ToString(),
            channelId = "emulator",
            serviceUrl = connector.ServiceUrl,
            conversation = new { id = conversationId },
            from = user,
            recipient = bot,
            membersAdded = new object[] { bot, user },
            membersRemoved = Array.Empty<object>(),
            timestamp = DateTimeOffset.UtcNow,
            locale = "es-EC",
        }, cancellationToken))
        {
            return;
        }

        foreach (var text in FilingScript.Answers)
        {
            if (Stopwatch.GetTimestamp() >= until)
            {
                return;
            }
            var sent = await PostAsync(new
            {
                type = "message",
                id = Guid.NewGuid().ToString(),
                channelId = "emulator",
                serviceUrl = connector.ServiceUrl,
                conversation = new { id = conversationId },
                from = user,
                recipient = bot,
                text,
                textFormat = "plain",
                timestamp = DateTimeOffset.UtcNow,
                locale = "es-EC",
            }, cancellationToken);
            if (!sent)
            {
                return;
            }
        }

        if (connector.LastReplyText.TryRemove(conversationId, out var last) && CaseNumberPattern().IsMatch(last))
        {
            Interlocked.Increment(ref _filings);
        }
        else
        {
            Interlocked.Increment(ref _errors);
        }
    }

    private async Task<bool> PostAsync(object activity, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.PostAsJsonAsync("api/messages", activity, Json, cancellationToken);
            _latenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
        }
        catch (HttpRequestException)
        {
            // counted below
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // client timeout: counted below
        }
        Interlocked.Increment(ref _errors);
        return false;
    }

    public LevelResult Summarize(TimeSpan elapsed, TimeSpan botCpu, long peakRss)
    {
        var sorted = _latenciesMs.ToArray();
        Array.Sort(sorted);
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new LevelResult(
            Turns: sorted.Length,
            TurnsPerSecond: sorted.Length / elapsed.TotalSeconds,
            P50Ms: Percentile(0.50),
            P99Ms: Percentile(0.99),
            CpuMsPerTurn: sorted.Length == 0 ? double.NaN : botCpu.TotalMilliseconds / sorted.Length,
            PeakRssMb: peakRss / (1024.0 * 1024.0),
            Filings: Interlocked.Read(ref _filings),
            Errors: Interlocked.Read(ref _errors));
    }

    [GeneratedRegex(@"\b[QD]-?[0-9A-Z]{4}-?[0-9A-Z]{4}", RegexOptions.CultureInvariant)]
    private static partial Regex CaseNumberPattern();
}
