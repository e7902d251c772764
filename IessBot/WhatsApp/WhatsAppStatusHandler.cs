namespace IessBot.WhatsApp;

/// <summary>
/// Status webhooks (reference/whatsapp.md §2.5) move the delivery state of messages IessBot sent; they never reach
/// the dialog. Unknown ids (messages sent by other tools on the number) and unknown status values are ignored.
/// </summary>
internal sealed partial class WhatsAppStatusHandler(IWhatsAppDeliveryState delivery, TimeProvider time, ILogger<WhatsAppStatusHandler> logger)
{
    public async Task HandleAsync(IReadOnlyList<StatusUpdate> statuses, CancellationToken cancellationToken)
    {
        foreach (var status in statuses)
        {
            if (status.Id is not { Length: > 0 } messageId || Parse(status.Status) is not { } value)
            {
                continue;
            }
            var at = long.TryParse(status.Timestamp, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : time.GetUtcNow();
            var errorCode = status.Errors?.FirstOrDefault()?.Code;
            if (await delivery.UpdateStatusAsync(messageId, value, at, errorCode, cancellationToken) && value == DeliveryStatus.Failed)
            {
                // 131047: the window closed before delivery; 131026: undeliverable (§2.5). Final for that message.
                LogFailed(errorCode);
            }
        }
    }

    private static DeliveryStatus? Parse(string? status) => status switch
    {
        "sent" => DeliveryStatus.Sent,
        "delivered" => DeliveryStatus.Delivered,
        "read" => DeliveryStatus.Read,
        "played" => DeliveryStatus.Played,
        "failed" => DeliveryStatus.Failed,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "A WhatsApp message IessBot sent failed with error code {Code}")]
    private partial void LogFailed(string? code);
}
