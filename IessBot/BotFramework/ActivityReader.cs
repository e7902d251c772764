using System.Buffers;
using System.Text.Json;
using IessBot.BotFramework.Schema;

namespace IessBot.BotFramework;

/// <summary>An inbound body that cannot become an activity: the HTTP status and the ErrorResponse to answer with.</summary>
internal sealed record ActivityRejection(int StatusCode, string Code, string Message)
{
    public IResult ToResult() => Results.Json(new ErrorResponse(new Error(Code, Message)), BotJson.Options, statusCode: StatusCode);
}

/// <summary>
/// Reads an <c>/api/messages</c> body into an <see cref="Activity"/> without ever holding more than the
/// size limit (reference §2.5), and says exactly what is wrong with a body it cannot use (reference §2.8).
/// </summary>
internal static class ActivityReader
{
    public static async Task<(Activity? Activity, ActivityRejection? Rejection)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooBig(maxBytes));
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes, 16 * 1024));
        while (true)
        {
            var memory = buffer.GetMemory(8 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return (null, TooBig(maxBytes)); // stop reading: the rest of the body is never buffered
            }
        }

        return buffer.WrittenCount == 0
            ? (null, new ActivityRejection(StatusCodes.Status400BadRequest, "BadArgument", "The request body is empty; send an Activity as JSON."))
            : Parse(buffer.WrittenMemory);
    }

    internal static (Activity? Activity, ActivityRejection? Rejection) Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return (null, new ActivityRejection(StatusCodes.Status400BadRequest, "BadSyntax", "The request body is not valid JSON."));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, new ActivityRejection(StatusCodes.Status400BadRequest, "BadArgument", "The request body must be a JSON object (an Activity)."));
            }
            Activity? activity;
            try
            {
                activity = document.RootElement.Deserialize<Activity>(BotJson.Options);
            }
            catch (JsonException exception)
            {
                // The path names the member (e.g. "$.from"), never its value.
                return (null, new ActivityRejection(StatusCodes.Status400BadRequest, "BadSyntax", $"The activity member at '{exception.Path}' has the wrong JSON type."));
            }
            if (string.IsNullOrEmpty(activity?.Type))
            {
                return (null, new ActivityRejection(StatusCodes.Status400BadRequest, "MissingProperty", "The activity has no 'type'."));
            }
            return (activity, null);
        }
    }

    /// <summary>The members a turn needs: a conversation state key, and somewhere to send replies (spec A2020, A2080, A2300).</summary>
    public static ActivityRejection? CheckAddressing(Activity activity)
    {
        string? missing =
            string.IsNullOrEmpty(activity.ChannelId) ? "channelId"
            : string.IsNullOrEmpty(activity.Conversation?.Id) ? "conversation.id"
            : string.IsNullOrEmpty(activity.ServiceUrl) && activity.DeliveryMode != DeliveryModes.ExpectReplies ? "serviceUrl"
            : null;
        if (missing is null)
        {
            if (activity.ServiceUrl is { Length: > 0 } url
                && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                return new ActivityRejection(StatusCodes.Status400BadRequest, "BadArgument", "The activity's 'serviceUrl' is not an absolute http(s) URL.");
            }
            return null;
        }
        return new ActivityRejection(StatusCodes.Status400BadRequest, "MissingProperty", $"The activity has no '{missing}'.");
    }

    private static ActivityRejection TooBig(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", $"The activity is larger than {maxBytes} bytes.");
}
