using System.Collections.Concurrent;
using IessBot.Turns;

namespace IessBot.Tests.Infrastructure;

/// <summary>
/// A conversation state store held in memory with real ETag semantics (a conflicting write throws), for tests
/// of components above the store. Register it with
/// <c>configure: b => b.Services.AddSingleton&lt;IConversationStateStore, InMemoryStateStore&gt;()</c>.
/// </summary>
public sealed class InMemoryStateStore : IConversationStateStore
{
    private readonly ConcurrentDictionary<string, StoredState> _items = new(StringComparer.Ordinal);
    private long _version;

    public IReadOnlyDictionary<string, StoredState> Items => _items;

    public Task<StoredState?> ReadAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_items.TryGetValue(key, out var state) ? state : null);

    public Task<string> WriteAsync(string key, string document, string? expectedETag, CancellationToken cancellationToken)
    {
        var written = new StoredState(document, Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var ok = expectedETag is null
            ? _items.TryAdd(key, written)
            : _items.TryGetValue(key, out var current) && current.ETag == expectedETag && _items.TryUpdate(key, written, current);
        return ok ? Task.FromResult(written.ETag) : throw new StateConflictException(key);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _items.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
