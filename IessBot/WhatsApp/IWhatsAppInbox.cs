namespace IessBot.WhatsApp;

/// <summary>One acknowledged webhook body waiting in the inbox.</summary>
public sealed record InboxEntry(long Sequence, byte[] Payload, DateTimeOffset ReceivedAt);

/// <summary>
/// The durable inbox of webhook bodies (reference/whatsapp.md §4: persist, answer 200, process afterwards) and the
/// record of the inbound message ids already processed (Meta redelivers for up to 7 days). Providers encrypt the
/// bodies at rest: they hold phone numbers and what citizens wrote.
/// </summary>
public interface IWhatsAppInbox
{
    /// <summary>Stores a body durably and returns its sequence number (increasing in arrival order).</summary>
    Task<long> AddAsync(ReadOnlyMemory<byte> payload, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>Unprocessed bodies with a sequence above <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<InboxEntry>> ReadPendingAsync(long afterSequence, int max, CancellationToken cancellationToken);

    /// <summary>Marks a body processed and drops its content (nothing personal is kept once it has been handled).</summary>
    Task MarkProcessedAsync(long sequence, DateTimeOffset processedAt, CancellationToken cancellationToken);

    Task<int> CountPendingAsync(CancellationToken cancellationToken);

    Task<bool> IsMessageProcessedAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Records an inbound message id as processed; recording it again changes nothing.</summary>
    Task MarkMessageProcessedAsync(string messageId, DateTimeOffset processedAt, CancellationToken cancellationToken);

    /// <summary>Deletes processed bodies and remembered message ids older than <paramref name="before"/>.</summary>
    Task PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>Where an outbound message stands (reference §2.5); a status never moves backwards, <c>failed</c> is final.</summary>
public enum DeliveryStatus
{
    Accepted = 0,
    Sent = 1,
    Delivered = 2,
    Read = 3,
    Played = 4,
    Failed = 5,
}

public sealed record DeliveryRecord(string MessageId, DeliveryStatus Status, DateTimeOffset UpdatedAt, string? ErrorCode);

/// <summary>Delivery state of the messages IessBot sent, and when each citizen last wrote (the 24-hour window, reference §5.8).</summary>
public interface IWhatsAppDeliveryState
{
    Task RecordAcceptedAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Moves a known message forward to <paramref name="status"/>; false for unknown ids or a step backwards.</summary>
    Task<bool> UpdateStatusAsync(string messageId, DeliveryStatus status, DateTimeOffset at, string? errorCode, CancellationToken cancellationToken);

    Task<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Remembers the latest inbound message time of a citizen (keyed by BSUID or wa_id).</summary>
    Task RecordInboundAsync(string userKey, DateTimeOffset sentAt, CancellationToken cancellationToken);

    Task<DateTimeOffset?> LastInboundAsync(string userKey, CancellationToken cancellationToken);
}
