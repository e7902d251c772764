namespace IessBot.Turns;

/// <summary>
/// Durable conversation state with optimistic concurrency. Documents are opaque JSON to the store;
/// providers encrypt them at rest because mid-filing state holds personal data.
/// </summary>
public interface IConversationStateStore
{
    /// <summary>Reads a state document, or null when the conversation has none yet.</summary>
    Task<StoredState?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a document if the stored ETag still equals <paramref name="expectedETag"/> (null: the key must
    /// not exist yet) and returns the new ETag. Throws <see cref="StateConflictException"/> otherwise.
    /// </summary>
    Task<string> WriteAsync(string key, string document, string? expectedETag, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

public sealed record StoredState(string Document, string ETag);

/// <summary>Another writer changed the state since it was read (HTTP 412 in storage terms).</summary>
public sealed class StateConflictException(string key)
    : Exception($"The state '{key}' was changed by another writer.");
