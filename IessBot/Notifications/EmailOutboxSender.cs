using Microsoft.Extensions.Options;
using MimeKit;

namespace IessBot.Notifications;

/// <summary>Sends <see cref="OutboxChannels.Email"/> messages: the queued <see cref="EmailPayload"/> as a MIME message (text + HTML alternative) from <c>Notifications:Smtp:From</c>.</summary>
public sealed class EmailOutboxSender(IMailTransport transport, IOptions<NotificationOptions> options) : IOutboxSender
{
    public string Channel => OutboxChannels.Email;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        MimeMessage mime;
        try
        {
            mime = ToMime(EmailPayload.FromJson(message.Payload));
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or FormatException)
        {
            throw new DeliveryException($"unsendable ({exception.GetType().Name})", isPermanent: true, exception);
        }
        // Disposed here: an undisposed message and its parts are left to the finalizer thread (one set per e-mail).
        using (mime)
        {
            await transport.SendAsync(mime, cancellationToken).ConfigureAwait(false);
        }
    }

    private MimeMessage ToMime(EmailPayload payload)
    {
        var body = new BodyBuilder { TextBody = payload.Text, HtmlBody = payload.Html };
        var message = new MimeMessage
        {
            Subject = payload.Subject,
            Date = payload.Date,
            MessageId = payload.MessageId,
            Body = body.ToMessageBody(),
        };
        message.From.Add(options.Value.Smtp.FromAddress);
        message.To.Add(MailboxAddress.Parse(payload.To));
        return message;
    }
}
