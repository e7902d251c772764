using System.Text.Json;
using System.Text.Json.Serialization;

namespace IessBot.WhatsApp;

// The webhook shapes of reference/whatsapp.md §2, read leniently (§2.1): unknown members are ignored, every
// member but the message id and type is optional, and ids and timestamps are accepted as strings or numbers.

internal sealed record WebhookPayload(string? Object, IReadOnlyList<WebhookEntry>? Entry)
{
    public const string BusinessAccountObject = "whatsapp_business_account";

    public static readonly JsonSerializerOptions Json = CreateOptions();

    public static WebhookPayload Parse(ReadOnlySpan<byte> body) =>
        JsonSerializer.Deserialize<WebhookPayload>(body, Json) ?? throw new JsonException("The webhook body is null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            PropertyNameCaseInsensitive = true,
            Converters = { new LenientStringConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

internal sealed record WebhookEntry(string? Id, IReadOnlyList<WebhookChange>? Changes);

internal sealed record WebhookChange(string? Field, WebhookValue? Value);

internal sealed record WebhookValue(
    WebhookMetadata? Metadata,
    IReadOnlyList<WebhookContact>? Contacts,
    IReadOnlyList<InboundMessage>? Messages,
    IReadOnlyList<StatusUpdate>? Statuses,
    IReadOnlyList<WebhookError>? Errors);

internal sealed record WebhookMetadata(string? DisplayPhoneNumber, string? PhoneNumberId);

internal sealed record WebhookContact(ContactProfile? Profile, string? WaId, string? UserId, string? Username);

internal sealed record ContactProfile(string? Name, string? Username);

internal sealed record WebhookError(string? Code, string? Title, string? Message);

internal sealed record InboundMessage
{
    public string? From { get; init; }
    public string? FromUserId { get; init; }
    public string? Id { get; init; }
    public string? Timestamp { get; init; }
    public string? Type { get; init; }
    public MessageContext? Context { get; init; }
    public TextBody? Text { get; init; }
    public InteractiveBody? Interactive { get; init; }
    public TemplateButton? Button { get; init; }
    public MediaBody? Image { get; init; }
    public MediaBody? Document { get; init; }
    public MediaBody? Video { get; init; }
    public MediaBody? Audio { get; init; }
    public MediaBody? Sticker { get; init; }
    public ReactionBody? Reaction { get; init; }
    public SystemBody? System { get; init; }
    public IReadOnlyList<WebhookError>? Errors { get; init; }

    /// <summary>Unix seconds as sent; messages without a readable timestamp sort first.</summary>
    [JsonIgnore]
    public long Seconds => long.TryParse(Timestamp, out var seconds) ? seconds : 0;
}

internal sealed record MessageContext(string? From, string? Id, bool? Forwarded, bool? FrequentlyForwarded);

internal sealed record TextBody(string? Body);

internal sealed record InteractiveBody(string? Type, InteractiveReply? ButtonReply, InteractiveReply? ListReply);

internal sealed record InteractiveReply(string? Id, string? Title, string? Description);

internal sealed record TemplateButton(string? Payload, string? Text);

internal sealed record MediaBody(string? Id, string? MimeType, string? Sha256, string? Filename, string? Caption);

internal sealed record ReactionBody(string? MessageId, string? Emoji);

internal sealed record SystemBody(string? Body, string? WaId, string? Type);

internal sealed record StatusUpdate(string? Id, string? Status, string? Timestamp, string? RecipientId, IReadOnlyList<WebhookError>? Errors);

/// <summary>Ids, codes and timestamps arrive as strings, but numbers are accepted too (reference §2.1: field types drift).</summary>
internal sealed class LenientStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => null,
        _ => SkipAndReturnNull(ref reader),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    private static string? SkipAndReturnNull(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
