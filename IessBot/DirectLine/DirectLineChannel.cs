using IessBot.BotFramework.Schema;
using IessBot.Turns;
using Microsoft.Extensions.Options;

namespace IessBot.DirectLine;

/// <summary>How the bot took a client's activity (reference §4.1: a failing or silent bot is a 502 for the client).</summary>
public enum BotOutcome
{
    Answered,
    Failed,
    TimedOut,
}

/// <summary>
/// Direct Line as a channel (reference §4.3–4.4): turns what clients post into activities the bot receives exactly as
/// from Azure's Direct Line (channel <c>directline</c>, ids <c>&lt;conversationId&gt;|0000007</c>, the user as <c>from</c>,
/// the bot as <c>recipient</c>, this server as <c>serviceUrl</c>), echoes each to the conversation's log with the same id,
/// sends the conversationUpdates Azure sends, and appends the bot's replies to the log.
/// </summary>
public sealed partial class DirectLineChannel(
    ConversationLog log,
    TurnPipeline pipeline,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DirectLineChannel> logger)
{
    public ChannelAccount Bot { get; } = new() { Id = options.Value.BotId, Name = options.Value.BotName, Role = RoleTypes.Bot };

    /// <summary>
    /// Records the conversation; when it is new, the bot receives a conversationUpdate adding itself and, when the user is
    /// already known (embedded in the token), the user too — the welcome comes from that (reference §4.3, §7 item 15).
    /// The start is answered once the bot has taken it (up to <see cref="DirectLineOptions.BotTimeout"/>), so the welcome
    /// is already in the log for the client's first read; a bot failure there does not fail the start.
    /// </summary>
    public async Task<bool> StartAsync(string conversationId, string? userId, string? locale, string serviceUrl, CancellationToken cancellationToken)
    {
        if (!await log.CreateAsync(conversationId, userId, cancellationToken))
        {
            return false;
        }
        ChannelAccount? user = userId is null ? null : new ChannelAccount { Id = userId, Role = RoleTypes.User };
        var update = ConversationUpdate(conversationId, serviceUrl, user is null ? [Bot] : [Bot, user], user, locale);
        var turn = await log.InOrderAsync(conversationId, () => Task.FromResult(RunTurn(update)));
        try
        {
            await turn.WaitAsync(options.Value.BotTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Observe(turn);
            LogBotFailed(ActivityTypes.ConversationUpdate, exception.GetType().FullName);
        }
        return true;
    }

    /// <summary>
    /// Echoes <paramref name="inbound"/> to the log and runs the bot's turn on it; the answer waits for the bot, as the
    /// real service's does (reference §4.4), up to <see cref="DirectLineOptions.BotTimeout"/>.
    /// </summary>
    public async Task<(Activity Echo, BotOutcome Outcome)> PostAsync(string conversationId, string userId, Activity inbound, string serviceUrl, CancellationToken cancellationToken)
    {
        var (echo, turn) = await log.InOrderAsync(conversationId, async () =>
        {
            var prepared = Prepare(conversationId, userId, inbound, serviceUrl);
            await AnnounceUserAsync(conversationId, prepared.From!, serviceUrl, cancellationToken);
            var stamped = (await log.AppendInOrderAsync(conversationId, [prepared], cancellationToken))[0];
            // Enqueued inside the append order, so turns run in the order the echoes were logged.
            return (stamped, RunTurn(ForBot(stamped)));
        });

        try
        {
            await turn.WaitAsync(options.Value.BotTimeout, cancellationToken);
            return (echo, BotOutcome.Answered);
        }
        catch (TimeoutException)
        {
            Observe(turn);
            LogBotTimedOut(echo.Type);
            return (echo, BotOutcome.TimedOut);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Only the type: an exception message may quote what the citizen wrote.
            LogBotFailed(echo.Type, exception.GetType().FullName);
            return (echo, BotOutcome.Failed);
        }
    }

    /// <summary>When the user was not known at the start, the bot hears of them just before their first activity (reference §4.3).</summary>
    private async Task AnnounceUserAsync(string conversationId, ChannelAccount user, string serviceUrl, CancellationToken cancellationToken)
    {
        var conversation = await log.FindAsync(conversationId, cancellationToken);
        if (conversation is null || conversation.UserId is not null)
        {
            return;
        }
        await log.SetUserAsync(conversationId, user.Id, cancellationToken);
        Observe(RunTurn(ConversationUpdate(conversationId, serviceUrl, [user], user, locale: null)));
    }

    /// <summary>The bot's turn; its replies go to the log. Not cancelled by the client leaving: the turn's state must be saved.</summary>
    private Task<TurnOutcome> RunTurn(Activity activity) =>
        pipeline.ProcessAsync(activity, (replies, ct) => DeliverAsync(activity.Conversation!.Id, replies, ct), lifetime.ApplicationStopping);

    private async Task DeliverAsync(string conversationId, IReadOnlyList<Activity> replies, CancellationToken cancellationToken)
    {
        // Trace is for the Emulator only (reference §1.3); conversationUpdate never reaches clients (§4.7).
        var deliverable = replies.Where(r => r.Type is not (ActivityTypes.Trace or ActivityTypes.ConversationUpdate)).ToList();
        if (deliverable.Count > 0)
        {
            await log.AppendAsync(conversationId, deliverable, cancellationToken);
        }
    }

    private Activity Prepare(string conversationId, string userId, Activity inbound, string serviceUrl) => inbound with
    {
        Id = null,
        Timestamp = null,
        ChannelId = Channels.DirectLine,
        ServiceUrl = serviceUrl,
        Conversation = new ConversationAccount { Id = conversationId },
        // The token's user overrides whatever the client wrote (reference §4.2); the role Web Chat sends is kept.
        From = (inbound.From ?? new ChannelAccount()) with { Id = userId, Role = inbound.From?.Role ?? RoleTypes.User },
        Recipient = Bot,
        CallerId = null,
        DeliveryMode = null,
    };

    /// <summary>
    /// The bot's copy: as echoed, less the browser-made thumbnails (spec A7143), with this Direct Line as the caller
    /// (a case filed here is told about later through this log, not through a Connector).
    /// </summary>
    private static Activity ForBot(Activity echo) => echo.Attachments is { Count: > 0 } attachments
        ? echo with { Attachments = [.. attachments.Select(a => a with { ThumbnailUrl = null })], CallerId = CallerIds.SelfHostedDirectLine }
        : echo with { CallerId = CallerIds.SelfHostedDirectLine };

    private Activity ConversationUpdate(string conversationId, string serviceUrl, IReadOnlyList<ChannelAccount> added, ChannelAccount? from, string? locale) => new()
    {
        Type = ActivityTypes.ConversationUpdate,
        Id = $"{conversationId}|u{Guid.NewGuid():N}",
        Timestamp = time.GetUtcNow(),
        ChannelId = Channels.DirectLine,
        ServiceUrl = serviceUrl,
        Conversation = new ConversationAccount { Id = conversationId },
        From = from ?? Bot,
        Recipient = Bot,
        MembersAdded = added,
        Locale = locale,
    };

    private void Observe(Task turn) => _ = turn.ContinueWith(
        t => LogBackgroundTurnFailed(t.Exception!.InnerException?.GetType().FullName),
        CancellationToken.None,
        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
        TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Error, Message = "The bot failed on a Direct Line {ActivityType} activity with {ExceptionType}; the client is answered 502")]
    private partial void LogBotFailed(string? activityType, string? exceptionType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The bot did not answer a Direct Line {ActivityType} activity in time; the client is answered 502 and the turn goes on")]
    private partial void LogBotTimedOut(string? activityType);

    [LoggerMessage(Level = LogLevel.Error, Message = "A Direct Line turn the client was not waiting for failed with {ExceptionType}")]
    private partial void LogBackgroundTurnFailed(string? exceptionType);
}
