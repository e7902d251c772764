using IessBot.Notifications;

namespace IessBot.WhatsApp;

/// <summary>
/// Sends <see cref="OutboxChannels.WhatsApp"/> notices through <see cref="WhatsAppNotifier"/>: the notice's text
/// inside the 24-hour customer service window, the <c>WhatsApp:Templates:CaseUpdate</c> template (case number and
/// news) outside it (reference/whatsapp.md §5.8). Rate limits and 5xx are retried by the outbox; other refusals are final.
/// </summary>
internal sealed class WhatsAppNoticeSender(IServiceProvider services) : IOutboxSender
{
    public string Channel => OutboxChannels.WhatsApp;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var notice = ChatNotice.ReadPayload(message);
        // Transient: the Graph API's typed HttpClient is made per send.
        var notifier = services.GetRequiredService<WhatsAppNotifier>();
        try
        {
            await notifier.SendCaseNoticeAsync(notice.To.UserId, notice.CaseNumber, notice.Text, notice.News, cancellationToken).ConfigureAwait(false);
        }
        catch (GraphApiException refused)
        {
            var code = refused.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
            throw new DeliveryException($"Graph API {refused.HttpStatus} code {code}", refused.Kind != GraphErrorKind.Transient, refused);
        }
    }
}
