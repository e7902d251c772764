using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IessBot.Tests.Storage;

/// <summary>Collects every formatted log message of an app, for assertions on what is (and is not) logged.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    public static Action<WebApplicationBuilder> Into(CapturedLogs logs) => builder => builder.Logging.AddProvider(logs);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((logLevel, category, formatter(state, exception) + (exception is null ? "" : " " + exception)));
    }
}
