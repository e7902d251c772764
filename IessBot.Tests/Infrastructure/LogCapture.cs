using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IessBot.Tests.Infrastructure;

/// <summary>One formatted log entry.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>
/// Keeps every log entry of an app in memory, so tests can assert what was (and was never) logged.
/// Add it with <c>configure: b => b.Logging.AddProvider(capture)</c>.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    /// <summary>True when <paramref name="text"/> occurs in any message, scope-free exception text included.</summary>
    public bool Contains(string text) =>
        _entries.Any(e => e.Message.Contains(text, StringComparison.Ordinal) || (e.Exception?.ToString().Contains(text, StringComparison.Ordinal) ?? false));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception));
    }
}
