using IessBot.BotFramework.Schema;
using IessBot.Notifications;

namespace IessBot.DirectLine;

/// <summary>
/// Sends <see cref="OutboxChannels.DirectLine"/> notices: the message is appended to the citizen's conversation log as
/// the bot's, so an open Web Chat receives it on its WebSocket (or its next poll) and a reload shows it in the history.
/// A conversation whose log has expired cannot be reached any more (the e-mail still is).
/// </summary>
internal sealed class DirectLineNoticeSender(ConversationLog log, DirectLineChannel channel) : IOutboxSender
{
    public string Channel => OutboxChannels.DirectLine;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var notice = ChatNotice.ReadPayload(message);
        var conversationId = notice.To.ConversationId;
        if (await log.FindAsync(conversationId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new DeliveryException("the Direct Line conversation has expired", isPermanent: true);
        }
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = Channels.DirectLine,
            Conversation = new ConversationAccount { Id = conversationId },
            From = channel.Bot,
            Recipient = new ChannelAccount { Id = notice.To.UserId, Role = RoleTypes.User },
            Text = notice.Text,
            TextFormat = TextFormatTypes.Markdown,
            Locale = "es-EC",
        };
        await log.AppendAsync(conversationId, [activity], cancellationToken).ConfigureAwait(false);
    }
}
