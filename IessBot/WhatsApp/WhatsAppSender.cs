using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;

namespace IessBot.WhatsApp;

/// <summary>
/// Sends a turn's replies to one citizen, one message at a time and in order (reference/whatsapp.md §5.10): each
/// POST is awaited before the next. Every accepted message is recorded for its status webhooks.
/// </summary>
internal sealed partial class WhatsAppSender(GraphApiClient graph, IWhatsAppDeliveryState delivery, TimeProvider time, ILogger<WhatsAppSender> logger)
{
    /// <summary>Delivers the replies; a refused message stops the rest of the turn's replies (they would read out of context).</summary>
    public async Task DeliverAsync(WhatsAppRecipient recipient, IReadOnlyList<Activity> replies, CancellationToken cancellationToken)
    {
        foreach (var message in OutboundRenderer.Render(replies))
        {
            if (!await SendAsync(recipient, message, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    public Task<bool> SendTextAsync(WhatsAppRecipient recipient, string text, CancellationToken cancellationToken) =>
        SendAsync(recipient, OutboundMessage.Text(text), cancellationToken);

    /// <summary>Sends one message; false when it was refused for good (logged by the Graph client).</summary>
    public async Task<bool> SendAsync(WhatsAppRecipient recipient, OutboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await SendBodyAsync(recipient, message.Content, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GraphApiException refused) when (refused.Kind == GraphErrorKind.InvalidMessage && message.FallbackText is { } fallback)
        {
            // §5.12 code 100: an adapter bug in the interactive shape; the citizen still gets the question, as numbered text.
            LogDegraded(refused.Code);
            return await TrySendAsync(recipient, OutboundMessage.Text(fallback).Content, cancellationToken).ConfigureAwait(false);
        }
        catch (GraphApiException refused) when (refused.Kind == GraphErrorKind.WindowClosed)
        {
            LogWindowClosed();
            return false;
        }
        catch (GraphApiException)
        {
            return false;
        }
    }

    /// <summary>Sends a full body (text or template) and records it; throws <see cref="GraphApiException"/> when refused.</summary>
    public async Task<string> SendBodyAsync(WhatsAppRecipient recipient, JsonObject content, CancellationToken cancellationToken)
    {
        var body = Addressed(recipient, content);
        var messageId = await graph.SendAsync(body, cancellationToken).ConfigureAwait(false);
        if (messageId.Length > 0)
        {
            await delivery.RecordAcceptedAsync(messageId, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        return messageId;
    }

    private async Task<bool> TrySendAsync(WhatsAppRecipient recipient, JsonObject content, CancellationToken cancellationToken)
    {
        try
        {
            await SendBodyAsync(recipient, content, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (GraphApiException)
        {
            return false;
        }
    }

    /// <summary>
    /// <c>to</c> is always <c>+</c> and the wa_id: without the <c>+</c> Meta prepends the business number's country code
    /// (§5.1). A citizen known only by BSUID is addressed with <c>recipient</c> (§2.9).
    /// </summary>
    internal static JsonObject Addressed(WhatsAppRecipient recipient, JsonObject content)
    {
        var body = new JsonObject { ["messaging_product"] = "whatsapp", ["recipient_type"] = "individual" };
        if (recipient.WaId is { Length: > 0 } waId)
        {
            body["to"] = "+" + waId.TrimStart('+');
        }
        else
        {
            body["recipient"] = recipient.UserKey;
        }
        foreach (var (key, value) in content)
        {
            body[key] = value?.DeepClone();
        }
        return body;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WhatsApp refused an interactive message (code {Code}); sent again as plain text")]
    private partial void LogDegraded(long? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WhatsApp reply not sent: the 24-hour customer service window is closed (131047)")]
    private partial void LogWindowClosed();
}
