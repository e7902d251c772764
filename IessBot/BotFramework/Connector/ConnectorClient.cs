using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IessBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace IessBot.BotFramework.Connector;

/// <summary>
/// The Connector REST API v3 client (bot → channel, reference §2): sends and replies to activities at the
/// activity's <c>serviceUrl</c>, with a bearer token when the bot has an app id (reference §5.3).
/// </summary>
public sealed partial class ConnectorClient(
    HttpClient http,
    ConnectorTokenProvider tokens,
    TrustedServiceUrls trusted,
    IOptions<BotCredentials> credentials,
    ILogger<ConnectorClient> logger)
{
    private static readonly MediaTypeHeaderValue JsonUtf8 = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

    /// <summary>
    /// ReplyToActivity when <c>replyToId</c> is set, else SendToConversation (the SDK rule, reference §2.3).
    /// The activity must carry <c>serviceUrl</c> and <c>conversation.id</c>.
    /// </summary>
    public async Task<ResourceResponse> SendAsync(Activity activity, CancellationToken cancellationToken)
    {
        var serviceUrl = activity.ServiceUrl;
        var conversationId = activity.Conversation?.Id;
        if (string.IsNullOrEmpty(serviceUrl) || string.IsNullOrEmpty(conversationId))
        {
            throw new ArgumentException("An outgoing activity needs serviceUrl and conversation.id.", nameof(activity));
        }

        var uri = ActivitiesUri(serviceUrl, conversationId, activity.ReplyToId);
        var body = JsonSerializer.SerializeToUtf8Bytes(activity with { Id = null }, BotJson.Options);
        var token = await TokenForAsync(serviceUrl, rejected: null, cancellationToken).ConfigureAwait(false);

        using var response = await PostAsync(uri, body, token, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null)
        {
            // A token may be revoked or rolled before its expiry: one retry with a fresh one (reference §5.3).
            token = await TokenForAsync(serviceUrl, token, cancellationToken).ConfigureAwait(false);
            using var retried = await PostAsync(uri, body, token, cancellationToken).ConfigureAwait(false);
            return await ReadResultAsync(retried, activity.Type, cancellationToken).ConfigureAwait(false);
        }
        return await ReadResultAsync(response, activity.Type, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>{serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]</c>: one trailing slash is ensured and the
    /// path appended, never replaced; ids are percent-encoded (<c>|</c> → <c>%7C</c>, reference §2.1, §2.7).
    /// </summary>
    public static Uri ActivitiesUri(string serviceUrl, string conversationId, string? replyToId)
    {
        var path = $"{TrustedServiceUrls.Normalize(serviceUrl)}v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        return new Uri(string.IsNullOrEmpty(replyToId) ? path : $"{path}/{Uri.EscapeDataString(replyToId)}");
    }

    private async Task<string?> TokenForAsync(string serviceUrl, string? rejected, CancellationToken cancellationToken)
    {
        if (credentials.Value.Mode == BotAuthMode.Disabled)
        {
            return null; // no Authorization header at all (reference §2.1)
        }
        if (!trusted.IsTrusted(serviceUrl))
        {
            LogUntrusted();
            throw new ConnectorException(0, "UntrustedServiceUrl", "The serviceUrl was not seen on an authenticated inbound activity; no token is sent to it.");
        }
        return await tokens.GetTokenAsync(rejected, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> PostAsync(Uri uri, byte[] body, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonUtf8;
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ResourceResponse> ReadResultAsync(HttpResponseMessage response, string? activityType, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            // The SDK tolerates an empty 200 body (reference §2.2).
            return string.IsNullOrWhiteSpace(text) ? new ResourceResponse(null) : Parse<ResourceResponse>(text) ?? new ResourceResponse(null);
        }

        var error = Parse<ErrorResponse>(text)?.Error;
        var code = string.IsNullOrEmpty(error?.Code) ? "ServiceError" : error.Code;
        LogFailed(activityType, (int)response.StatusCode, code);
        throw new ConnectorException((int)response.StatusCode, code, $"The Connector answered {(int)response.StatusCode} {code}.");
    }

    private static T? Parse<T>(string text) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, BotJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector refused a {ActivityType} activity: {StatusCode} {Code}")]
    private partial void LogFailed(string? activityType, int statusCode, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Refused to send a token to a serviceUrl not learned from an authenticated request")]
    private partial void LogUntrusted();
}
