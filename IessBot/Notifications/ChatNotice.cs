using System.Text.Json;
using System.Text.Json.Serialization;
using IessBot.Cases;

namespace IessBot.Notifications;

/// <summary>
/// A message to a citizen on the channel they filed from, as queued (<see cref="OutboxChannels.Chat"/>,
/// <see cref="OutboxChannels.DirectLine"/>, <see cref="OutboxChannels.WhatsApp"/>): where (<see cref="To"/>), the
/// message in Markdown (<see cref="Text"/>) and, for channels that cannot always send free text (WhatsApp outside the
/// 24-hour window), the short news line that fills a template (<see cref="News"/>: one line, no personal data).
/// The channels' senders read this format; Notifications does not know how they send it.
/// </summary>
public sealed record ChatNotice(CitizenChannel To, string CaseNumber, CaseEventKind Kind, string Text, string News)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <exception cref="JsonException">Not a chat notice.</exception>
    public static ChatNotice FromJson(string json) =>
        JsonSerializer.Deserialize<ChatNotice>(json, JsonOptions) is { To: not null, Text: not null } notice
            ? notice
            : throw new JsonException("Not a chat notice.");

    /// <summary>The notice an outbox message carries, for a sender: a payload that is not one can never be sent.</summary>
    /// <exception cref="DeliveryException">Permanent: the payload is not a chat notice.</exception>
    public static ChatNotice ReadPayload(OutboxMessage message)
    {
        try
        {
            return FromJson(message.Payload);
        }
        catch (JsonException exception)
        {
            throw new DeliveryException($"unsendable {message.Channel} notice", isPermanent: true, exception);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
