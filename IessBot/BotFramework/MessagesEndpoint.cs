using IessBot.BotFramework.Auth;
using IessBot.BotFramework.Connector;
using IessBot.BotFramework.Schema;
using IessBot.Turns;
using Microsoft.Extensions.Options;

namespace IessBot.BotFramework;

/// <summary>
/// <c>POST /api/messages</c>: the channel → bot endpoint (reference §2.8). The turn runs inside the request,
/// as the SDK's CloudAdapter does; its replies go out through the Connector after the state is saved.
/// </summary>
internal static partial class MessagesEndpoint
{
    public static RouteGroupBuilder MapMessages(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api");
        group.MapPost("/messages", PostActivityAsync);
        return group;
    }

    private static async Task<IResult> PostActivityAsync(
        HttpContext http,
        IOptions<BotFrameworkOptions> options,
        IOptions<BotCredentials> credentials,
        BotAuthenticator authenticator,
        TurnPipeline pipeline,
        ConnectorClient connector,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(MessagesEndpoint).FullName!);
        var cancellationToken = http.RequestAborted;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (credentials.Value.Mode != BotAuthMode.Disabled && BotAuthenticator.BearerToken(authorization) is null)
        {
            // Refused before the body is read: an anonymous caller costs nothing (reference §5.1 step 1).
            return Unauthorized();
        }

        var (inbound, rejection) = await ActivityReader.ReadAsync(http.Request, options.Value.MaxActivityBytes, cancellationToken);
        rejection ??= ActivityReader.CheckAddressing(inbound!);
        if (rejection is not null)
        {
            LogRejected(logger, rejection.StatusCode, rejection.Code);
            return rejection.ToResult();
        }

        var auth = await authenticator.AuthenticateAsync(authorization, inbound!, cancellationToken);
        if (!auth.Succeeded)
        {
            return Unauthorized();
        }

        // callerId is ours to set after authentication, whatever the wire said (spec A2250–A2252).
        var activity = inbound! with { CallerId = auth.CallerId };
        try
        {
            return await RunTurnAsync(activity, pipeline, connector, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Only the type: a message may quote what the citizen wrote.
            LogTurnFailed(logger, activity.Type, exception.GetType().FullName);
            return Results.Json(new ErrorResponse(new Error("ServiceError", "The bot could not process the activity.")), BotJson.Options, statusCode: 500);
        }
    }

    private static async Task<IResult> RunTurnAsync(Activity activity, TurnPipeline pipeline, ConnectorClient connector, CancellationToken cancellationToken)
    {
        if (activity.DeliveryMode == DeliveryModes.ExpectReplies)
        {
            // reference §2.8: the replies travel in the HTTP answer; nothing goes through the Connector.
            var buffered = await pipeline.ProcessAsync(activity, static (_, _) => Task.CompletedTask, cancellationToken);
            return Results.Json(new ExpectedReplies([.. buffered.Replies.Where(IsDeliverable)]), BotJson.Options);
        }

        var outcome = await pipeline.ProcessAsync(activity, (replies, ct) => DeliverAsync(connector, replies, ct), cancellationToken);
        if (activity.Type == ActivityTypes.Invoke && !outcome.WasDuplicate)
        {
            return outcome.InvokeResponse is { } invoke
                ? invoke.Body is { } body ? Results.Json(body, BotJson.Options, statusCode: invoke.Status) : Results.StatusCode(invoke.Status)
                : Results.StatusCode(StatusCodes.Status501NotImplemented);
        }
        // 200 with an empty body, not 204: the Emulator relays the body to DirectLineJS (reference §2.8).
        return Results.Ok();
    }

    /// <summary>Sends a turn's replies one after another, in the order the bot produced them.</summary>
    private static async Task DeliverAsync(ConnectorClient connector, IReadOnlyList<Activity> replies, CancellationToken cancellationToken)
    {
        foreach (var reply in replies.Where(IsDeliverable))
        {
            await connector.SendAsync(reply, cancellationToken);
        }
    }

    /// <summary>Trace activities are for the Emulator's inspector only (reference §1.3, §2.3).</summary>
    private static bool IsDeliverable(Activity reply) =>
        reply.Type != ActivityTypes.Trace || reply.ChannelId == Channels.Emulator;

    private static IResult Unauthorized() =>
        Results.Json(new ErrorResponse(new Error("Unauthorized", "The request is not authenticated for this bot.")), BotJson.Options, statusCode: StatusCodes.Status401Unauthorized);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound activity refused: {StatusCode} {Code}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn for a {ActivityType} activity failed with {ExceptionType}")]
    private static partial void LogTurnFailed(ILogger logger, string? activityType, string? exceptionType);
}
