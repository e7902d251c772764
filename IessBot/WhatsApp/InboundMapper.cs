using System.Text.Json;
using IessBot.BotFramework.Schema;
using IessBot.Storage;

namespace IessBot.WhatsApp;

/// <summary>Who wrote: the key of §2.9 (BSUID if present, else wa_id) and the phone number when WhatsApp shares it.</summary>
public sealed record WhatsAppRecipient(string UserKey, string? WaId)
{
    public const string WaIdProperty = "waId";

    /// <summary>The addressee of a reply: the user account of the inbound activity (its id and its <c>waId</c> property).</summary>
    public static WhatsAppRecipient? From(ChannelAccount? account)
    {
        if (account is null || account.Id.Length == 0)
        {
            return null;
        }
        var waId = account.Properties?.TryGetValue(WaIdProperty, out var value) == true && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return new WhatsAppRecipient(account.Id, waId);
    }
}

/// <summary>One inbound message, mapped: a dialog activity, or a fixed answer from the channel, or nothing.</summary>
internal sealed record MappedMessage(WhatsAppRecipient Sender, string MessageId, DateTimeOffset SentAt, Activity? Activity, string? ChannelAnswer);

/// <summary>
/// Inbound message → Activity (reference/whatsapp.md §7.2). The conversation id is a keyed pseudonym of the
/// citizen, not the phone number, so that conversation ids in logs and metrics carry no personal data.
/// </summary>
internal sealed class InboundMapper(PersonalDataProtector protector)
{
    /// <summary>Replies go through the Graph API, not to a serviceUrl: this marks the activity's origin only.</summary>
    public const string ServiceUrl = "urn:iessbot:whatsapp";
    public const string MediaScheme = "whatsapp-media:";
    private const string Locale = "es-EC";

    public MappedMessage? Map(InboundMessage message, WebhookValue value, string? wabaId)
    {
        var (userKey, contact) = Sender(message, value);
        if (string.IsNullOrEmpty(userKey) || string.IsNullOrEmpty(message.Id))
        {
            return null;
        }
        var sender = new WhatsAppRecipient(userKey, message.From ?? contact?.WaId);
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(message.Seconds);
        var metadata = value.Metadata;
        var baseActivity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = message.Id,
            Timestamp = sentAt,
            ChannelId = Channels.WhatsApp,
            ServiceUrl = ServiceUrl,
            Locale = Locale,
            From = UserAccount(sender, contact),
            Recipient = new ChannelAccount { Id = metadata?.PhoneNumberId ?? "", Name = metadata?.DisplayPhoneNumber, Role = RoleTypes.Bot },
            Conversation = new ConversationAccount { Id = ConversationId(metadata?.PhoneNumberId, userKey), IsGroup = false },
            ReplyToId = message.Context?.Id,
            ChannelData = JsonSerializer.SerializeToElement(new
            {
                wabaId,
                type = message.Type,
                forwarded = message.Context?.Forwarded,
                frequentlyForwarded = message.Context?.FrequentlyForwarded,
            }, BotJson.Options),
        };
        return message.Type switch
        {
            "text" => Dialog(sender, message, sentAt, baseActivity with { Text = message.Text?.Body ?? "", TextFormat = TextFormatTypes.Plain }),
            "interactive" => Interactive(sender, message, sentAt, baseActivity),
            "button" => Dialog(sender, message, sentAt, baseActivity with
            {
                Text = message.Button?.Payload ?? message.Button?.Text ?? "",
                Value = JsonSerializer.SerializeToElement(new { payload = message.Button?.Payload, text = message.Button?.Text }, BotJson.Options),
            }),
            "image" => Media(sender, message, sentAt, baseActivity, message.Image),
            "document" => Media(sender, message, sentAt, baseActivity, message.Document),
            "request_welcome" => Dialog(sender, message, sentAt, baseActivity with
            {
                Type = ActivityTypes.ConversationUpdate,
                MembersAdded = [baseActivity.From!],
            }),
            // A system notice (number changed, identity changed) is not something the citizen said: no dialog turn.
            "system" => new MappedMessage(sender, message.Id, sentAt, null, null),
            // Removing a reaction says nothing that needs an answer.
            "reaction" when string.IsNullOrEmpty(message.Reaction?.Emoji) => new MappedMessage(sender, message.Id, sentAt, null, null),
            _ => Answer(sender, message, sentAt),
        };
    }

    /// <summary>The citizen's key (§2.9: BSUID if present, else wa_id) and their contact, matched by id, never by position (§2.1).</summary>
    public static (string? Key, WebhookContact? Contact) Sender(InboundMessage message, WebhookValue value)
    {
        var contact = value.Contacts?.FirstOrDefault(c => (c.WaId is not null && c.WaId == message.From)
            || (c.UserId is not null && c.UserId == message.FromUserId));
        return (message.FromUserId ?? contact?.UserId ?? message.From ?? contact?.WaId, contact);
    }

    public string ConversationId(string? phoneNumberId, string userKey) =>
        $"whatsapp:{phoneNumberId}:{Convert.ToHexStringLower(protector.BlindIndex(ConversationDomain, userKey).AsSpan(0, 12))}";

    private const string ConversationDomain = "whatsapp-conversation";

    private static MappedMessage Dialog(WhatsAppRecipient sender, InboundMessage message, DateTimeOffset sentAt, Activity activity) =>
        new(sender, message.Id!, sentAt, activity, null);

    private static MappedMessage Answer(WhatsAppRecipient sender, InboundMessage message, DateTimeOffset sentAt)
    {
        var tooLarge = message.Errors?.Any(e => e.Code == "131052") == true;
        return new MappedMessage(sender, message.Id!, sentAt, null, tooLarge ? WhatsAppTexts.MediaTooLarge : WhatsAppTexts.NotSupported);
    }

    private static MappedMessage Interactive(WhatsAppRecipient sender, InboundMessage message, DateTimeOffset sentAt, Activity activity)
    {
        // The reply id is the value the bot put on the button or row (OutboundRenderer), so the prompt recognises it as if typed.
        var (kind, reply) = message.Interactive?.Type switch
        {
            "button_reply" => ("button", message.Interactive.ButtonReply),
            "list_reply" => ("list", message.Interactive.ListReply),
            _ => ("", null),
        };
        if (reply is null)
        {
            // Flows, call permissions, or the observed payload without an interactive object (§2.6).
            return Answer(sender, message, sentAt);
        }
        return Dialog(sender, message, sentAt, activity with
        {
            Text = reply.Id ?? reply.Title ?? "",
            Value = JsonSerializer.SerializeToElement(new { kind, id = reply.Id, title = reply.Title, description = reply.Description }, BotJson.Options),
        });
    }

    private static MappedMessage Media(WhatsAppRecipient sender, InboundMessage message, DateTimeOffset sentAt, Activity activity, MediaBody? media)
    {
        if (media?.Id is not { Length: > 0 } mediaId)
        {
            return Answer(sender, message, sentAt);
        }
        var attachment = new Attachment
        {
            ContentType = media.MimeType,
            Name = media.Filename,
            ContentUrl = MediaUrl(mediaId, media.Sha256),
        };
        return Dialog(sender, message, sentAt, activity with { Text = media.Caption, Attachments = [attachment] });
    }

    /// <summary><c>whatsapp-media:&lt;id&gt;</c>, with <c>?sha256=</c> when the webhook gave the file's hash (checked after download, §6.1).</summary>
    public static string MediaUrl(string mediaId, string? sha256) =>
        sha256 is { Length: > 0 } ? $"{MediaScheme}{Uri.EscapeDataString(mediaId)}?sha256={Uri.EscapeDataString(sha256)}" : MediaScheme + Uri.EscapeDataString(mediaId);

    private static ChannelAccount UserAccount(WhatsAppRecipient sender, WebhookContact? contact)
    {
        var properties = new Dictionary<string, JsonElement>();
        if (sender.WaId is { } waId)
        {
            properties[WhatsAppRecipient.WaIdProperty] = JsonSerializer.SerializeToElement(waId);
        }
        // profile.name is self-chosen (may be empty, emoji or fake): a display name, never an identity (§2.2).
        return new ChannelAccount { Id = sender.UserKey, Name = contact?.Profile?.Name, Role = RoleTypes.User, Properties = properties.Count > 0 ? properties : null };
    }
}
