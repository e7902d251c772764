using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace IessBot.Filing.Lookup;

/// <summary>The <c>Filing:Lookup</c> settings: how many failed *Consultar mi caso* attempts are allowed in a window.</summary>
public sealed class LookupThrottleOptions
{
    public const string Section = "Filing:Lookup";

    /// <summary>Failed lookups (unknown number or wrong cédula) allowed per window, per channel user and per case number.</summary>
    public int MaxFailures { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Keys remembered at most; beyond it the oldest idle ones are dropped (a flood of fresh keys cannot exhaust memory).</summary>
    public int MaxKeys { get; set; } = 100_000;
}

/// <summary>
/// Limits guessing through *Consultar mi caso* (issue 7: "repeated failures are rate-limited"): once
/// <see cref="LookupThrottleOptions.MaxFailures"/> failed lookups fall within <see cref="LookupThrottleOptions.Window"/>,
/// either from one channel user or against one case number, further attempts are refused until the oldest failure
/// leaves the window. Kept outside the conversation state, so starting a new conversation does not reset it. Keys
/// are HMACs under a key made at start-up: neither user ids nor case numbers are held in clear. One instance's view:
/// with several instances each counts its own attempts (the limit then applies per instance).
/// </summary>
public sealed class LookupThrottle(TimeProvider time, IOptions<LookupThrottleOptions> options)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private readonly LookupThrottleOptions _options = options.Value;

    /// <summary>How long until <paramref name="userKey"/> may try again; null when it may now.</summary>
    public TimeSpan? UserRetryAfter(string userKey) => RetryAfter(Key("user", userKey));

    /// <summary>How long until a lookup by <paramref name="userKey"/> of <paramref name="caseNumber"/> may be tried; null when it may now.</summary>
    public TimeSpan? RetryAfter(string userKey, string caseNumber) =>
        Max(RetryAfter(Key("user", userKey)), RetryAfter(Key("case", caseNumber)));

    public void RecordFailure(string userKey, string caseNumber)
    {
        var now = time.GetUtcNow();
        Record(Key("user", userKey), now);
        Record(Key("case", caseNumber), now);
        if (_failures.Count > _options.MaxKeys)
        {
            Prune(now);
        }
    }

    /// <summary>The key of a channel user: the channel and the user's id there.</summary>
    public static string UserKey(string? channelId, string? userId) => $"{channelId}\n{userId}";

    private TimeSpan? RetryAfter(string key)
    {
        if (!_failures.TryGetValue(key, out var failures))
        {
            return null;
        }
        var now = time.GetUtcNow();
        lock (failures)
        {
            failures.Drop(now - _options.Window);
            return failures.Times.Count >= _options.MaxFailures
                ? failures.Times.Peek() + _options.Window - now
                : null;
        }
    }

    private void Record(string key, DateTimeOffset now)
    {
        var failures = _failures.GetOrAdd(key, _ => new Failures());
        lock (failures)
        {
            failures.Drop(now - _options.Window);
            failures.Times.Enqueue(now);
            // Only the latest MaxFailures matter for the decision.
            while (failures.Times.Count > _options.MaxFailures)
            {
                failures.Times.Dequeue();
            }
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                failures.Drop(now - _options.Window);
                if (failures.Times.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private string Key(string kind, string value) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{kind}\n{value}")));

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private sealed class Failures
    {
        public Queue<DateTimeOffset> Times { get; } = new();

        public void Drop(DateTimeOffset before)
        {
            while (Times.Count > 0 && Times.Peek() <= before)
            {
                Times.Dequeue();
            }
        }
    }
}
