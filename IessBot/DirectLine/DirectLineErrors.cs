using IessBot.BotFramework.Schema;

namespace IessBot.DirectLine;

/// <summary>
/// Direct Line error answers: an ErrorResponse body (reference §2.4) with the status DirectLineJS acts on (§4.1, §4.8):
/// 401 no credentials, 403 wrong/expired/foreign token (the client reports ExpiredToken), 404 unknown conversation
/// (the client ends), 502 the bot failed (the client retries).
/// </summary>
internal static class DirectLineErrors
{
    public static IResult Unauthorized() =>
        Error(StatusCodes.Status401Unauthorized, "Unauthorized", "Send 'Authorization: Bearer <secret or token>'.");

    public static IResult InvalidToken() =>
        Error(StatusCodes.Status403Forbidden, "BadArgument", "The token or secret is not valid for this bot.");

    public static IResult TokenExpired() =>
        Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired; start a new conversation or get a new token.");

    public static IResult ForeignToken() =>
        Error(StatusCodes.Status403Forbidden, "BadArgument", "The token is for another conversation.");

    public static IResult SecretRequired() =>
        Error(StatusCodes.Status403Forbidden, "BadArgument", "This operation needs the Direct Line secret.");

    public static IResult NotFound() =>
        Error(StatusCodes.Status404NotFound, "NotFound", "The conversation does not exist or has expired.");

    public static IResult BadArgument(string message) =>
        Error(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static IResult TooLarge(string message) =>
        Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", message);

    public static IResult BotFailed(BotOutcome outcome) => outcome == BotOutcome.TimedOut
        ? Error(StatusCodes.Status502BadGateway, "BotError", "Failed to send activity: bot timed out")
        : Error(StatusCodes.Status502BadGateway, "BotError", "Failed to send activity: bot returned an error");

    public static IResult Error(int status, string code, string message) =>
        Results.Json(new ErrorResponse(new Error(code, message)), BotJson.Options, statusCode: status);
}
