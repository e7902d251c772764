using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace IessBot.WhatsApp;

/// <summary>How a notification went out.</summary>
public enum NotificationOutcome
{
    /// <summary>Inside the 24-hour window: sent as a free-form text.</summary>
    SentAsText,

    /// <summary>Outside the window (or refused with 131047): sent as the configured UTILITY template.</summary>
    SentAsTemplate,

    Failed,
}

/// <summary>
/// Messages the citizen did not just ask for (news about a case, a request for more information). Inside the
/// 24-hour customer service window a text is sent; outside it only an approved UTILITY template may be
/// (reference/whatsapp.md §5.8), never a free-form message. The window is tracked from each citizen's last message.
/// </summary>
public sealed partial class WhatsAppNotifier
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);
    // A margin, so that a text does not reach Meta just after the window closed.
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly WhatsAppSender _sender;
    private readonly IWhatsAppDeliveryState _delivery;
    private readonly IOptions<WhatsAppOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WhatsAppNotifier> _logger;

    internal WhatsAppNotifier(WhatsAppSender sender, IWhatsAppDeliveryState delivery, IOptions<WhatsAppOptions> options, TimeProvider time, ILogger<WhatsAppNotifier> logger)
    {
        _sender = sender;
        _delivery = delivery;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Tells a citizen about their case. <paramref name="phoneOrUserKey"/> is the WhatsApp number (E.164 or digits)
    /// or the BSUID; <paramref name="text"/> is the free-form wording (Markdown), <paramref name="news"/> the short status
    /// phrase that fills the template's second parameter after the case number.
    /// </summary>
    public async Task<NotificationOutcome> NotifyCaseAsync(string phoneOrUserKey, string caseNumber, string text, string news, CancellationToken cancellationToken)
    {
        try
        {
            return await SendCaseNoticeAsync(phoneOrUserKey, caseNumber, text, news, cancellationToken).ConfigureAwait(false);
        }
        catch (GraphApiException)
        {
            return NotificationOutcome.Failed;
        }
    }

    /// <summary>
    /// As <see cref="NotifyCaseAsync"/>, but a refusal throws the <see cref="GraphApiException"/> (its
    /// <see cref="GraphApiException.Kind"/> says whether trying later can help), for the outbox to retry or give up.
    /// </summary>
    public async Task<NotificationOutcome> SendCaseNoticeAsync(string phoneOrUserKey, string caseNumber, string text, string news, CancellationToken cancellationToken)
    {
        var recipient = Recipient(phoneOrUserKey);
        var last = await _delivery.LastInboundAsync(recipient.WaId ?? recipient.UserKey, cancellationToken).ConfigureAwait(false);
        if (last is { } lastInbound && _time.GetUtcNow() - lastInbound < Window - Margin)
        {
            try
            {
                await _sender.SendBodyAsync(recipient, OutboundMessage.Text(WhatsAppText.FromMarkdown(text)).Content, cancellationToken).ConfigureAwait(false);
                return NotificationOutcome.SentAsText;
            }
            catch (GraphApiException refused) when (refused.Kind == GraphErrorKind.WindowClosed)
            {
                // Meta's own view of the window wins (§5.8 known issue): fall through to the template.
            }
        }
        await _sender.SendBodyAsync(recipient, Template(caseNumber, news), cancellationToken).ConfigureAwait(false);
        LogTemplate(_options.Value.Templates.CaseUpdate);
        return NotificationOutcome.SentAsTemplate;
    }

    private JsonObject Template(string caseNumber, string news)
    {
        var templates = _options.Value.Templates;
        return new JsonObject
        {
            ["type"] = "template",
            ["template"] = new JsonObject
            {
                ["name"] = templates.CaseUpdate,
                ["language"] = new JsonObject { ["code"] = templates.Language, ["policy"] = "deterministic" },
                ["components"] = new JsonArray(new JsonObject
                {
                    ["type"] = "body",
                    ["parameters"] = new JsonArray(
                        new JsonObject { ["type"] = "text", ["text"] = caseNumber },
                        new JsonObject { ["type"] = "text", ["text"] = news }),
                }),
            },
        };
    }

    private static WhatsAppRecipient Recipient(string phoneOrUserKey)
    {
        var digits = phoneOrUserKey.Trim().TrimStart('+');
        return digits.Length > 0 && digits.All(char.IsAsciiDigit)
            ? new WhatsAppRecipient(digits, digits)
            : new WhatsAppRecipient(phoneOrUserKey.Trim(), null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "WhatsApp notification sent with template {Template} (outside the 24-hour window)")]
    private partial void LogTemplate(string template);
}
