using IessBot.BotFramework.Schema;

namespace IessBot.DirectLine;

/// <summary>
/// Where Direct Line keeps its conversations, their activity logs and the uploads they refer to. Implemented by each
/// storage provider (Embedded: SQLite). Activities and user ids are personal data and are stored encrypted.
/// Appends of one conversation are serialised by the caller; the store keeps the conversation's position with them.
/// </summary>
public interface IDirectLineStore
{
    /// <summary>Records a new conversation; false when it already exists (the start then answers 200, not 201).</summary>
    Task<bool> CreateConversationAsync(string conversationId, string? userId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    Task<DirectLineConversation?> GetConversationAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Records the user of a conversation started without one (reference §4.3: the first sender).</summary>
    Task SetUserAsync(string conversationId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends activities that already carry their watermark, id and timestamp (the conversation's position is the last
    /// of them), and moves the conversation's expiry as <paramref name="expiry"/> says, in one transaction.
    /// </summary>
    Task AppendAsync(string conversationId, IReadOnlyList<LoggedActivity> activities, LogExpiry expiry, CancellationToken cancellationToken);

    /// <summary>The activities after <paramref name="afterWatermark"/>, oldest first, at most <paramref name="maxCount"/>, as their JSON.</summary>
    Task<IReadOnlyList<StoredActivity>> ReadAsync(string conversationId, long afterWatermark, int maxCount, CancellationToken cancellationToken);

    Task SaveUploadAsync(DirectLineUpload upload, CancellationToken cancellationToken);

    Task<DirectLineUpload?> GetUploadAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to a batch of conversations whose expiry has passed, with their logs and upload records; says how many
    /// went and the evidence ids of their uploads (for the caller to delete from the evidence store).
    /// </summary>
    Task<ExpiredConversations> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// When a conversation's log may expire after an append: not before <see cref="NotBefore"/>. A stored expiry earlier than
/// that moves to <see cref="ExtendTo"/>, a little later, so a conversation in use moves it once in a while instead of
/// rewriting it on every turn.
/// </summary>
public readonly record struct LogExpiry(DateTimeOffset NotBefore, DateTimeOffset ExtendTo);

/// <summary>A conversation and its position: the watermark and timestamp of its last stored activity.</summary>
public sealed record DirectLineConversation(string ConversationId, string? UserId, long LastWatermark, DateTimeOffset? LastTimestamp, DateTimeOffset ExpiresAt);

/// <summary>An activity of the log and its watermark (its position in the conversation, from 1).</summary>
public sealed record LoggedActivity(long Watermark, Activity Activity)
{
    /// <summary>The activity's JSON when the caller already made it (stored as it is); empty means the store serialises it.</summary>
    public ReadOnlyMemory<byte> Json { get; init; }
}

/// <summary>An activity read back from the log: its watermark and its JSON as stored (clients get it as it is).</summary>
public sealed record StoredActivity(long Watermark, ReadOnlyMemory<byte> Json);

/// <summary>
/// A file a client uploaded (reference §4.5), kept in the evidence store under <see cref="EvidenceId"/>; a file over the
/// transport limit was cut off and has none (<see cref="TooLarge"/>).
/// </summary>
public sealed record DirectLineUpload(string UploadId, string ConversationId, string? EvidenceId, string ContentType, long Length, bool TooLarge);

/// <summary>What one expiry pass removed.</summary>
public sealed record ExpiredConversations(IReadOnlyList<string> ConversationIds, IReadOnlyList<string> EvidenceIds);
