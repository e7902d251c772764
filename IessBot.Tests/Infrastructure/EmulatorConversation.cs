using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IessBot.BotFramework.Schema;

namespace IessBot.Tests.Infrastructure;

/// <summary>
/// Builds activities shaped exactly as the Bot Framework Emulator posts them to <c>/api/messages</c>
/// (reference §3.2–§3.3): <c>channelId "emulator"</c>, <c>conversation.id "&lt;guid&gt;|livechat"</c>,
/// serviceUrl without a trailing slash, fresh ids and timestamps, <c>from</c> = the user, <c>recipient</c> = the bot.
/// </summary>
public sealed class EmulatorConversation(
    string serviceUrl,
    string channelId = Channels.Emulator,
    string? conversationId = null,
    string locale = "en-US")
{
    public string ServiceUrl { get; } = serviceUrl;
    public string ChannelId { get; } = channelId;
    public string ConversationId { get; } = conversationId ?? $"{Guid.NewGuid()}|livechat";
    public ChannelAccount User { get; init; } = new() { Id = Guid.NewGuid().ToString(), Name = "User" };
    public ChannelAccount Bot { get; init; } = new() { Id = Guid.NewGuid().ToString(), Name = "Bot" };
    public string Locale { get; } = locale;

    /// <summary>The one activity the Emulator sends on "Open bot": <c>membersAdded [bot, user]</c> (reference §3.3).</summary>
    public Activity ConversationUpdate() => Stamp(new Activity
    {
        Type = ActivityTypes.ConversationUpdate,
        MembersAdded = [Bot, User],
        MembersRemoved = [],
    });

    /// <summary>A user message as Web Chat inside the Emulator sends it.</summary>
    public Activity Message(string text, IReadOnlyList<Attachment>? attachments = null) => Stamp(new Activity
    {
        Type = ActivityTypes.Message,
        Text = text,
        TextFormat = TextFormatTypes.Plain,
        Attachments = attachments,
        From = User with { Role = RoleTypes.User },
    });

    /// <summary>Any activity type (<c>ping</c>, <c>typing</c>, <c>invoke</c>, …) from the user.</summary>
    public Activity Create(string type) => Stamp(new Activity { Type = type });

    /// <summary>Adds what the Emulator stamps on every activity it forwards (reference §3.2).</summary>
    public Activity Stamp(Activity activity)
    {
        var now = DateTimeOffset.UtcNow;
        return activity with
        {
            Id = activity.Id ?? Guid.NewGuid().ToString(),
            Timestamp = activity.Timestamp ?? now,
            LocalTimestamp = activity.LocalTimestamp ?? now.ToOffset(TimeSpan.FromHours(-5)),
            ChannelId = ChannelId,
            ServiceUrl = ServiceUrl,
            Conversation = activity.Conversation ?? new ConversationAccount { Id = ConversationId },
            From = activity.From ?? User,
            Recipient = activity.Recipient ?? Bot with { Role = RoleTypes.Bot },
            Locale = activity.Locale ?? Locale,
        };
    }
}

/// <summary>Posting to a running bot's <c>/api/messages</c> the way the Emulator and channels do.</summary>
public static class BotEndpointExtensions
{
    /// <summary>POSTs <paramref name="activity"/> (JSON, camelCase) with an optional bearer token.</summary>
    public static async Task<HttpResponseMessage> PostActivityAsync(this TestBotHost host, Activity activity, string? bearerToken = null, CancellationToken cancellationToken = default)
    {
        using var client = host.CreateClient();
        return await client.PostActivityAsync(activity, bearerToken, cancellationToken);
    }

    /// <summary>POSTs a raw body to <c>/api/messages</c>, for malformed-input tests.</summary>
    public static async Task<HttpResponseMessage> PostMessagesAsync(this TestBotHost host, string body, string? bearerToken = null, CancellationToken cancellationToken = default)
    {
        using var client = host.CreateClient();
        return await client.PostMessagesAsync(body, bearerToken, cancellationToken);
    }

    /// <summary>The same, on a client the caller keeps (benchmarks reuse one connection pool).</summary>
    public static Task<HttpResponseMessage> PostActivityAsync(this HttpClient client, Activity activity, string? bearerToken = null, CancellationToken cancellationToken = default) =>
        client.PostMessagesAsync(JsonSerializer.Serialize(activity, BotJson.Options), bearerToken, cancellationToken);

    public static async Task<HttpResponseMessage> PostMessagesAsync(this HttpClient client, string body, string? bearerToken = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
        return await client.SendAsync(request, cancellationToken);
    }
}
