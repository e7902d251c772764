using System.Buffers.Text;
using System.Security.Cryptography;
using IessBot.BotFramework.Schema;
using Microsoft.AspNetCore.StaticFiles;

namespace IessBot.DirectLine;

/// <summary>
/// What the Web Chat page needs from the server besides its static files: <c>POST /api/directline/token</c>, a token for
/// a new conversation and a new user id, so the page never holds the secret (reference §4.2). The user id starts with
/// <c>dl_</c>, the prefix reserved for ids embedded in tokens; Web Chat takes it from the token (§4.9).
/// </summary>
internal static class WebChatPage
{
    public const string TokenPath = "/api/directline/token";

    public static void MapWebChatToken(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(TokenPath, IssueToken)
            .AddEndpointFilter((context, next) => context.HttpContext.RequestServices.GetRequiredService<TokenRateLimit>().InvokeAsync(context, next))
            .RequireCors(DirectLineEndpoints.CorsPolicy);

    private static IResult IssueToken(HttpResponse response, ConversationTokens tokens, TimeProvider time)
    {
        var conversationId = DirectLineEndpoints.NewConversationId(time);
        var userId = "dl_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
        response.Headers.CacheControl = "no-store";
        return Results.Json(new ConversationInfo(conversationId, tokens.Issue(conversationId, userId), (int)tokens.Lifetime.TotalSeconds), BotJson.Options);
    }

    /// <summary>The Web Chat bundle changes only with its version: browsers keep it a day. The page itself is always fresh.</summary>
    public static void SetCaching(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        headers.CacheControl = context.File.Name.EndsWith(".js", StringComparison.Ordinal) || context.File.Name.EndsWith(".css", StringComparison.Ordinal)
            ? "public, max-age=86400"
            : "no-cache";
        headers.XContentTypeOptions = "nosniff";
    }
}
