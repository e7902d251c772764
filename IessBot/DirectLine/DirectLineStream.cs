using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using IessBot.BotFramework.Schema;
using Microsoft.Extensions.Options;

namespace IessBot.DirectLine;

/// <summary>
/// The WebSocket of a <c>streamUrl</c> (reference §4.6): pre-authorised by the token in <c>t</c>; on connect it replays
/// the log after the URL's watermark, then pushes each new set of activities as it is logged (typing too, which is
/// never logged) and an empty text frame when idle. Frames from the client (DirectLineJS pings with empty strings)
/// are read and ignored.
/// </summary>
internal static partial class DirectLineStream
{
    private const int ReplayPageSize = 500;

    public static void MapStream(this RouteGroupBuilder group) =>
        group.MapGet("/conversations/{conversationId}/stream", ConnectAsync);

    private static async Task<IResult> ConnectAsync(
        string conversationId, HttpContext http, DirectLineAuth auth, ConversationLog log,
        DirectLineStreams streams, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime, ILogger<StreamLog> logger)
    {
        var (_, _, failure) = await DirectLineEndpoints.AccessAsync(conversationId, http.Request, auth, log, tokenInUrl: true);
        if (failure is not null)
        {
            return failure;
        }
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return DirectLineErrors.BadArgument("This URL takes a WebSocket connection.");
        }
        if (DirectLineEndpoints.ParseWatermark(http.Request.Query["watermark"]) is not { } watermark)
        {
            return DirectLineErrors.BadArgument("The watermark is not one this service gave.");
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        // Subscribed before the replay, so nothing logged in between is missed; frames the replay covered are skipped.
        using var subscription = streams.Subscribe(conversationId);
        try
        {
            var sent = await ReplayAsync(socket, log, conversationId, watermark, stopping.Token);
            await PushAsync(socket, subscription, sent, options.Value.KeepAliveInterval, stopping.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            LogStreamEnded(logger, exception.GetType().Name);
        }
        return Results.Empty;
    }

    private static async Task<long> ReplayAsync(WebSocket socket, ConversationLog log, string conversationId, long watermark, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (activities, next) = await log.ReadAsync(conversationId, watermark, ReplayPageSize, cancellationToken);
            if (activities.Count == 0)
            {
                return watermark;
            }
            var set = DirectLineEndpoints.ActivitySetJson(activities, next.ToString(CultureInfo.InvariantCulture));
            await socket.SendAsync(set, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            watermark = next;
        }
    }

    private static async Task PushAsync(WebSocket socket, StreamSubscription subscription, long sent, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        // The client closing ends the subscription, which ends the wait below; an idle wait is cut at the keep-alive
        // interval. One wait per frame, without a Task.WhenAny and its registrations on every turn.
        var closedByClient = DrainUntilCloseAsync(socket, subscription, cancellationToken);
        var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                idle.CancelAfter(keepAlive);
                bool open;
                try
                {
                    open = await subscription.Frames.WaitToReadAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await socket.SendAsync(ReadOnlyMemory<byte>.Empty, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                    idle.Dispose();
                    idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    continue;
                }
                if (!open)
                {
                    if (subscription.CloseReason == StreamSubscription.ClosedByClient)
                    {
                        await closedByClient;
                        return;
                    }
                    // The server closed this stream (or it fell behind): the client reconnects with its watermark.
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, subscription.CloseReason ?? "closed by server", cancellationToken);
                    return;
                }
                while (subscription.Frames.TryRead(out var frame))
                {
                    if (frame.Watermark is { } watermark && watermark <= sent)
                    {
                        continue;
                    }
                    await (frame.Json.IsEmpty
                        ? SendAsync(socket, frame.Activities, frame.Watermark, cancellationToken)
                        : socket.SendAsync(frame.Json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).AsTask());
                    sent = frame.Watermark ?? sent;
                }
            }
        }
        finally
        {
            idle.Dispose();
        }
    }

    private static Task SendAsync(WebSocket socket, IReadOnlyList<Activity> activities, long? watermark, CancellationToken cancellationToken)
    {
        var set = new ActivitySet(activities, watermark?.ToString(CultureInfo.InvariantCulture));
        return socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(set, BotJson.Options), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    /// <summary>Reads and drops what the client sends, until it closes or the connection ends; then ends the subscription.</summary>
    private static async Task DrainUntilCloseAsync(WebSocket socket, StreamSubscription subscription, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is gone; the push loop sees the same and ends.
        }
        finally
        {
            subscription.Close(StreamSubscription.ClosedByClient);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "A Direct Line stream ended ({Reason})")]
    private static partial void LogStreamEnded(ILogger logger, string reason);

    /// <summary>The log category of streams.</summary>
    internal sealed class StreamLog;
}
