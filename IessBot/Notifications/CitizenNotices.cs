using System.Globalization;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using Microsoft.Extensions.Options;

namespace IessBot.Notifications;

/// <summary>
/// The messages that tell a citizen about a public event of their case (a request for information, the resolution):
/// an e-mail to the address given, and a message on the channel they filed from (<see cref="FiledCase.Origin"/>:
/// the web conversation, or WhatsApp within the 24-hour window, a template otherwise). Queued with the change through
/// <see cref="IOutbox.UpdateCaseAsync"/>. Ids are derived from the case, the event kind and its time, so queuing the
/// same event again queues nothing new.
/// </summary>
public sealed class CitizenNotices(IOptions<NotificationOptions> options, IOptions<CaseDeadlineOptions> deadlines)
{
    /// <summary>
    /// The e-mail and the channel message for <paramref name="publicEvent"/>; none for events the citizen is not told
    /// about (anything but <see cref="CaseEventKind.InformationRequested"/> and <see cref="CaseEventKind.Resolved"/>).
    /// No channel message when the case has no <see cref="FiledCase.Origin"/>.
    /// </summary>
    public IReadOnlyList<OutboxMessage> For(FiledCase filed, CaseEvent publicEvent)
    {
        if (publicEvent.Kind is not (CaseEventKind.InformationRequested or CaseEventKind.Resolved) || string.IsNullOrWhiteSpace(publicEvent.Text))
        {
            return [];
        }
        var messages = new List<OutboxMessage> { Email(filed, publicEvent) };
        if (filed.Origin is { } origin)
        {
            var channel = ChannelFor(origin);
            var notice = new ChatNotice(
                origin,
                filed.CaseNumber,
                publicEvent.Kind,
                CitizenNoticeTexts.Chat(publicEvent.Kind, filed.Type, filed.CaseNumber, publicEvent.Text, AnswerDays),
                CitizenNoticeTexts.News(publicEvent.Kind));
            messages.Add(new OutboxMessage(MessageIdFor(filed.CaseNumber, publicEvent, channel), channel, notice.ToJson(), filed.CaseNumber));
        }
        return messages;
    }

    /// <summary><c>{case}:{event kind}:{event time ticks}:{outbox channel}</c>.</summary>
    public static string MessageIdFor(string caseNumber, CaseEvent publicEvent, string outboxChannel) =>
        string.Create(CultureInfo.InvariantCulture, $"{caseNumber}:{publicEvent.Kind}:{publicEvent.At.UtcTicks}:{outboxChannel}");

    /// <summary>
    /// Which sender reaches <paramref name="origin"/>: WhatsApp's; the app's own Direct Line (its activity log) for
    /// conversations it carried; a Bot Framework Connector for everything else (Emulator, Azure Bot Service channels).
    /// </summary>
    public static string ChannelFor(CitizenChannel origin) =>
        origin.ChannelId == Channels.WhatsApp ? OutboxChannels.WhatsApp
        : origin.CallerId == CallerIds.SelfHostedDirectLine ? OutboxChannels.DirectLine
        : OutboxChannels.Chat;

    private int AnswerDays => deadlines.Value.CitizenAnswerBusinessDays;

    private OutboxMessage Email(FiledCase filed, CaseEvent publicEvent)
    {
        var (kind, text, at) = (publicEvent.Kind, publicEvent.Text!, publicEvent.At);
        var payload = new EmailPayload(
            filed.Email,
            CitizenNoticeTexts.Subject(kind, filed.Type, filed.CaseNumber),
            CitizenNoticeTexts.EmailText(kind, filed.Type, filed.CaseNumber, text, at, AnswerDays),
            CitizenNoticeTexts.EmailHtml(kind, filed.Type, filed.CaseNumber, text, at, AnswerDays),
            string.Create(CultureInfo.InvariantCulture, $"{filed.CaseNumber}.{kind.ToString().ToLowerInvariant()}.{at.UtcTicks}@{options.Value.Smtp.MessageIdDomain}"),
            at);
        return new OutboxMessage(MessageIdFor(filed.CaseNumber, publicEvent, OutboxChannels.Email), OutboxChannels.Email, payload.ToJson(), filed.CaseNumber);
    }
}
