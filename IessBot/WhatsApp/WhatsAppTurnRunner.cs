using IessBot.Turns;

namespace IessBot.WhatsApp;

/// <summary>
/// Handles one inbound message: skips it when its wamid was already processed, records when the citizen last
/// wrote (the 24-hour window), then runs the dialog turn with replies through the Graph API, or sends the channel's
/// own answer for what the dialogs cannot take. Marks the wamid processed only after that completed.
/// </summary>
internal sealed partial class WhatsAppTurnRunner(
    IWhatsAppInbox inbox,
    IWhatsAppDeliveryState delivery,
    InboundMapper mapper,
    TurnPipeline pipeline,
    WhatsAppSender sender,
    TimeProvider time,
    ILogger<WhatsAppTurnRunner> logger)
{
    public async Task RunAsync(InboundWork work, CancellationToken cancellationToken)
    {
        var message = work.Message;
        if (message.Id is not { Length: > 0 } messageId)
        {
            LogSkipped(message.Type);
            return;
        }
        if (await inbox.IsMessageProcessedAsync(messageId, cancellationToken))
        {
            LogDuplicate(message.Type);
            return;
        }
        var mapped = mapper.Map(message, work.Value, work.WabaId);
        if (mapped is null)
        {
            LogSkipped(message.Type);
            await inbox.MarkMessageProcessedAsync(messageId, time.GetUtcNow(), cancellationToken);
            return;
        }
        await RecordInboundAsync(mapped, cancellationToken);
        if (mapped.Activity is { } activity)
        {
            await pipeline.ProcessAsync(activity, (replies, ct) => sender.DeliverAsync(mapped.Sender, replies, ct), cancellationToken);
        }
        else if (mapped.ChannelAnswer is { } answer)
        {
            await sender.SendTextAsync(mapped.Sender, answer, cancellationToken);
        }
        await inbox.MarkMessageProcessedAsync(messageId, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>By both keys, so a notification addressed by phone number or by BSUID finds the window (reference §5.8).</summary>
    private async Task RecordInboundAsync(MappedMessage mapped, CancellationToken cancellationToken)
    {
        await delivery.RecordInboundAsync(mapped.Sender.UserKey, mapped.SentAt, cancellationToken);
        if (mapped.Sender.WaId is { } waId && waId != mapped.Sender.UserKey)
        {
            await delivery.RecordInboundAsync(waId, mapped.SentAt, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WhatsApp {MessageType} message already processed; skipped")]
    private partial void LogDuplicate(string? messageType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WhatsApp {MessageType} message without a sender or id; skipped")]
    private partial void LogSkipped(string? messageType);
}
