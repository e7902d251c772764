using IessBot.Cases;

namespace IessBot.Notifications;

/// <summary>
/// The channels an outbox message can go out on; each has one <see cref="IOutboxSender"/>, registered by the channel
/// itself (e-mail here; the others by AddBotFramework, AddDirectLine and AddWhatsApp, with a <see cref="ChatNotice"/>).
/// </summary>
public static class OutboxChannels
{
    public const string Email = "email";

    /// <summary>A proactive message through a Bot Framework Connector (Emulator, Azure Bot Service channels).</summary>
    public const string Chat = "chat";

    /// <summary>A message appended to a conversation of the app's own Direct Line.</summary>
    public const string DirectLine = "directline";

    public const string WhatsApp = "whatsapp";
}

/// <summary>
/// A message to a citizen, waiting to be sent. <see cref="Payload"/> is the channel's JSON (for e-mail an
/// <see cref="EmailPayload"/>); it holds contact details, so stores encrypt it at rest. <see cref="Id"/> is
/// deterministic (e.g. the case number and the purpose), so queuing the same message twice queues it once.
/// </summary>
public sealed record OutboxMessage(string Id, string Channel, string Payload, string? CaseNumber);

public enum OutboxState
{
    Pending,
    Sent,
    /// <summary>Attempts ran out, or the server refused the message for good; staff must look at it.</summary>
    DeadLetter,
}

/// <summary>A message claimed by one dispatcher: only the holder of <see cref="ClaimToken"/> may settle it, and only until the lease ends.</summary>
public sealed record ClaimedMessage(OutboxMessage Message, int Attempt, string ClaimToken);

/// <summary>What staff see of a message: its state and history, never its payload.</summary>
public sealed record OutboxEntry(
    string Id,
    string Channel,
    string? CaseNumber,
    OutboxState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt,
    string? LastError);

/// <summary>
/// The notification outbox (DESIGN.md "How a turn runs" 6): messages are written together with the state change
/// that causes them (in the same SQLite transaction, or in the same case document on Azure) and sent later by
/// <see cref="OutboxDispatcher"/>. Claims are leases, so several instances never send the same message at once.
/// </summary>
public interface IOutbox
{
    /// <summary>
    /// Stores a new case and queues <paramref name="messages"/> (built from the case as stored) atomically with it.
    /// Creating the same filing again returns the stored case and queues nothing.
    /// </summary>
    Task<FiledCase> CreateCaseAsync(FiledCase filedCase, Func<FiledCase, IReadOnlyList<OutboxMessage>> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a workflow change of a case (<see cref="ICaseWorkflowStore.UpdateAsync"/>) and queues <paramref name="messages"/>
    /// atomically with it (a request for information, a resolution). Returns the progress as stored.
    /// </summary>
    /// <exception cref="CaseChangedException">The case changed since it was read; nothing is stored or queued.</exception>
    Task<CaseProgress> UpdateCaseAsync(CaseChange change, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>Queues a message on its own; a message with the same id already queued is left as it is.</summary>
    Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> due messages of one channel for <paramref name="lease"/>; each claim counts
    /// as an attempt. A channel nobody sends yet is never claimed, so its messages wait for their sender.
    /// </summary>
    Task<IReadOnlyList<ClaimedMessage>> ClaimDueAsync(string channel, int max, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>False when the claim was lost (the lease ended and another dispatcher took the message).</summary>
    Task<bool> MarkSentAsync(ClaimedMessage claimed, CancellationToken cancellationToken);

    /// <summary>Releases the claim and schedules the next attempt. <paramref name="error"/> must hold no personal data.</summary>
    Task<bool> RetryLaterAsync(ClaimedMessage claimed, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);

    /// <summary>Gives up on the message. <paramref name="error"/> must hold no personal data.</summary>
    Task<bool> DeadLetterAsync(ClaimedMessage claimed, string error, CancellationToken cancellationToken);

    /// <summary>Messages in a state, oldest first (the staff side shows dead letters).</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState state, int max, CancellationToken cancellationToken);
}

/// <summary>Sends the outbox messages of one channel (e-mail now; chat and WhatsApp register their own later).</summary>
public interface IOutboxSender
{
    string Channel { get; }

    /// <exception cref="DeliveryException">Not delivered; <see cref="DeliveryException.IsPermanent"/> says whether to retry.</exception>
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>A failed delivery. The message never quotes the server's text, which can contain the recipient's address.</summary>
public sealed class DeliveryException(string reason, bool isPermanent, Exception? inner = null) : Exception(reason, inner)
{
    /// <summary>True for an answer that retrying would not change (SMTP 5xx, an unusable payload).</summary>
    public bool IsPermanent { get; } = isPermanent;
}

