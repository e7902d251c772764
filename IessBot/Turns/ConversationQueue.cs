namespace IessBot.Turns;

/// <summary>
/// Runs work for one key strictly one at a time, in the order <see cref="RunAsync{T}"/> was called;
/// different keys run in parallel. The order is fixed synchronously at the call, so callers that
/// enqueue in arrival order are served in arrival order.
/// </summary>
public sealed class ConversationQueue
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public async Task<T> RunAsync<T>(string key, Func<Task<T>> work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_gate)
        {
            previous = _tails.GetValueOrDefault(key) ?? Task.CompletedTask;
            _tails[key] = done.Task;
        }

        try
        {
            await previous.ConfigureAwait(false);
            return await work().ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                // Forget the key when nobody queued behind us, so idle conversations cost nothing.
                if (_tails.TryGetValue(key, out var tail) && tail == done.Task)
                {
                    _tails.Remove(key);
                }
            }
            done.SetResult();
        }
    }
}
