using System.Text.Json;
using System.Text.Json.Serialization;

namespace IessBot.BotFramework.Schema;

/// <summary>
/// A Bot Framework activity (reference/botframework.md §1). Every field of the v3 schema is modelled;
/// anything else the sender put on the wire is kept in <see cref="Properties"/> so it round-trips
/// unchanged (spec A2005). Free-form members (<c>value</c>, <c>channelData</c>, …) stay raw JSON.
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }

    /// <summary>UTC time the channel stamped. The wire string is kept as sent (7-digit Direct Line precision included).</summary>
    [JsonIgnore]
    public DateTimeOffset? Timestamp { get => WireTime.Parse(TimestampText); init => TimestampText = WireTime.FormatUtc(value); }

    /// <summary>Kept with its original offset (the SDKs historically lost it, reference §1.1).</summary>
    [JsonIgnore]
    public DateTimeOffset? LocalTimestamp { get => WireTime.Parse(LocalTimestampText); init => LocalTimestampText = WireTime.FormatLocal(value); }
    public string? LocalTimezone { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? TextFormat { get; init; }
    public string? AttachmentLayout { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }
    public IReadOnlyList<MessageReaction>? ReactionsAdded { get; init; }
    public IReadOnlyList<MessageReaction>? ReactionsRemoved { get; init; }
    public string? TopicName { get; init; }
    public bool? HistoryDisclosed { get; init; }
    public string? Locale { get; init; }
    public string? Text { get; init; }
    public string? Speak { get; init; }
    public string? InputHint { get; init; }
    public string? Summary { get; init; }
    public SuggestedActions? SuggestedActions { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public IReadOnlyList<Entity>? Entities { get; init; }
    public JsonElement? ChannelData { get; init; }
    public string? Action { get; init; }
    public string? ReplyToId { get; init; }
    public string? Label { get; init; }
    public string? ValueType { get; init; }
    public JsonElement? Value { get; init; }
    public string? Name { get; init; }
    public ConversationReference? RelatesTo { get; init; }
    public string? Code { get; init; }
    [JsonIgnore]
    public DateTimeOffset? Expiration { get => WireTime.Parse(ExpirationText); init => ExpirationText = WireTime.FormatUtc(value); }
    public string? Importance { get; init; }
    public string? DeliveryMode { get; init; }
    public IReadOnlyList<string>? ListenFor { get; init; }
    public IReadOnlyList<TextHighlight>? TextHighlights { get; init; }
    public SemanticAction? SemanticAction { get; init; }
    /// <summary>Set by the bot after authentication; never accepted from the wire (spec A2250).</summary>
    public string? CallerId { get; init; }

    /// <summary>Members this model does not name, preserved as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }

    // The date members travel as the exact strings received, so a parse → serialize round trip changes
    // no precision and no offset (reference §1.1); the typed accessors above read and write them.
    [JsonInclude, JsonPropertyName("timestamp")]
    internal string? TimestampText { get; init; }

    [JsonInclude, JsonPropertyName("localTimestamp")]
    internal string? LocalTimestampText { get; init; }

    [JsonInclude, JsonPropertyName("expiration")]
    internal string? ExpirationText { get; init; }

    [JsonIgnore]
    public bool IsMessage => Type == ActivityTypes.Message;

    /// <summary>The conversation reference of this inbound activity, as the SDK computes it.</summary>
    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = Type == ActivityTypes.ConversationUpdate && ChannelId is Channels.DirectLine or Channels.Webchat ? null : Id,
        User = From,
        Bot = Recipient,
        Conversation = Conversation ?? new ConversationAccount(),
        ChannelId = ChannelId ?? "",
        ServiceUrl = ServiceUrl,
        Locale = Locale,
    };

    /// <summary>A message from the bot to the sender of this activity (SDK TurnContext.SendActivity rules, reference §2.3).</summary>
    public Activity CreateReply(string? text = null) =>
        GetConversationReference().ApplyTo(new Activity { Type = ActivityTypes.Message, Text = text });
}

public sealed record ChannelAccount
{
    public string Id { get; init; } = "";
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
    public string? Role { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

public sealed record ConversationAccount
{
    public string Id { get; init; } = "";
    public string? Name { get; init; }
    public bool? IsGroup { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public string? AadObjectId { get; init; }
    public string? Role { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

public sealed record ConversationReference
{
    public string? ActivityId { get; init; }
    public ChannelAccount? User { get; init; }
    public ChannelAccount? Bot { get; init; }
    public ConversationAccount Conversation { get; init; } = new();
    public string ChannelId { get; init; } = "";
    public string? ServiceUrl { get; init; }
    public string? Locale { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }

    /// <summary>
    /// Addresses an outgoing activity along this reference: from = bot, recipient = user, and
    /// replyToId = the inbound id (absent for a Direct Line conversationUpdate).
    /// </summary>
    public Activity ApplyTo(Activity outgoing) => outgoing with
    {
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Conversation = Conversation,
        From = Bot is null ? null : Bot with { Role = Bot.Role ?? RoleTypes.Bot },
        Recipient = User,
        ReplyToId = outgoing.ReplyToId ?? ActivityId,
        Locale = outgoing.Locale ?? Locale,
    };
}

public sealed record Attachment
{
    public string? ContentType { get; init; }
    public string? ContentUrl { get; init; }
    public JsonElement? Content { get; init; }
    public string? Name { get; init; }
    public string? ThumbnailUrl { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

/// <summary>An entity: a <c>type</c> plus arbitrary peer members, kept as sent.</summary>
public sealed record Entity
{
    public string? Type { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

public sealed record SuggestedActions
{
    public IReadOnlyList<string>? To { get; init; }
    public IReadOnlyList<CardAction> Actions { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

public sealed record CardAction
{
    public string Type { get; init; } = ActionTypes.ImBack;
    public string? Title { get; init; }
    public string? Image { get; init; }
    public string? ImageAltText { get; init; }
    public string? Text { get; init; }
    public string? DisplayText { get; init; }
    public JsonElement? Value { get; init; }
    public JsonElement? ChannelData { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }

    /// <summary>An imBack whose value equals its title, as Web Chat expects (reference §1.6).</summary>
    public static CardAction ImBack(string title) =>
        new() { Type = ActionTypes.ImBack, Title = title, Value = JsonSerializer.SerializeToElement(title, BotJson.Options) };
}

public sealed record MessageReaction
{
    public string? Type { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

public sealed record TextHighlight
{
    public string? Text { get; init; }
    public int? Occurrence { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

public sealed record SemanticAction
{
    public string? Id { get; init; }
    public string? State { get; init; }
    public JsonElement? Entities { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; init; }
}

/// <summary>The body of an <c>expectReplies</c> answer (reference §2.8).</summary>
public sealed record ExpectedReplies(IReadOnlyList<Activity> Activities);

/// <summary>Connector answer to a send/reply (reference §2.2).</summary>
public sealed record ResourceResponse(string? Id);

/// <summary>Connector error body (reference §2.4).</summary>
public sealed record ErrorResponse(Error Error);

public sealed record Error(string Code, string Message);
