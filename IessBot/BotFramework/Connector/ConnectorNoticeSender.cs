using IessBot.BotFramework.Schema;
using IessBot.Notifications;

namespace IessBot.BotFramework.Connector;

/// <summary>
/// Sends <see cref="OutboxChannels.Chat"/> notices as proactive messages (reference/botframework.md §2.3,
/// SendToConversation) to the conversation the citizen filed from, at its stored serviceUrl. With authentication on,
/// the Connector client sends a token only to serviceUrls learned from authenticated inbound activities: until one
/// arrives after a restart the notice waits and is retried (<see cref="TrustedServiceUrls"/>).
/// </summary>
internal sealed class ConnectorNoticeSender(IServiceProvider services) : IOutboxSender
{
    public string Channel => OutboxChannels.Chat;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var notice = ChatNotice.ReadPayload(message);
        if (string.IsNullOrEmpty(notice.To.ServiceUrl) || !Uri.TryCreate(notice.To.ServiceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new DeliveryException("no Connector serviceUrl for this conversation", isPermanent: true);
        }
        // A typed HttpClient per send: its handler is recycled by the factory (the dispatcher lives as long as the app).
        var connector = services.GetRequiredService<ConnectorClient>();
        try
        {
            await connector.SendAsync(ToActivity(notice), cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectorException refused)
        {
            throw new DeliveryException($"Connector {refused.StatusCode} {refused.Code}", IsPermanent(refused), refused);
        }
        catch (Exception exception) when (exception is HttpRequestException
            || exception is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryException($"Connector unreachable ({exception.GetType().Name})", isPermanent: false, exception);
        }
    }

    /// <summary>A message from the bot to the citizen, addressed like the conversation's replies (reference §2.3).</summary>
    internal static Activity ToActivity(ChatNotice notice) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = notice.To.ChannelId,
        ServiceUrl = notice.To.ServiceUrl,
        Conversation = new ConversationAccount { Id = notice.To.ConversationId },
        From = new ChannelAccount { Id = notice.To.BotId ?? "", Role = RoleTypes.Bot },
        Recipient = new ChannelAccount { Id = notice.To.UserId, Role = RoleTypes.User },
        Text = notice.Text,
        TextFormat = TextFormatTypes.Markdown,
        Locale = "es-EC",
    };

    /// <summary>
    /// The conversation or the bot is gone (400, 403, 404): retrying will not change it. An untrusted serviceUrl (no
    /// status), throttling, 401 and 5xx may pass.
    /// </summary>
    private static bool IsPermanent(ConnectorException refused) => refused.StatusCode is 400 or 403 or 404 or 405 or 410;
}
