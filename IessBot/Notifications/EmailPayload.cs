using System.Text.Json;

namespace IessBot.Notifications;

/// <summary>
/// An e-mail as queued: rendered when the case is filed, so what is sent is exactly what was queued. The sender
/// (<c>Notifications:Smtp:From</c>) is added when it is sent. <see cref="MessageId"/> is derived from the case, so a
/// resend after a crash carries the same Message-Id and can be recognised as the same message.
/// </summary>
public sealed record EmailPayload(string To, string Subject, string Text, string Html, string MessageId, DateTimeOffset Date)
{
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static EmailPayload FromJson(string json) =>
        JsonSerializer.Deserialize<EmailPayload>(json, JsonOptions) ?? throw new JsonException("Empty e-mail payload.");

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
