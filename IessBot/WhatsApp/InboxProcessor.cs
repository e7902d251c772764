using System.Text.Json;
using IessBot.Turns;
using Microsoft.Extensions.Options;

namespace IessBot.WhatsApp;

/// <summary>
/// Drains the durable inbox (reference/whatsapp.md §4, steps 3–4): fans each stored body out into its messages and
/// statuses, skips message ids already processed, and runs each citizen's messages one at a time in timestamp order
/// through the turn pipeline, whose replies go out through the Graph API. A body is marked processed only when every
/// message in it has been handled, so after a crash the unfinished ones run again at the next start; the pipeline's
/// activity-id check (the wamid is the activity id) makes that re-run harmless.
/// </summary>
internal sealed partial class InboxProcessor(
    IWhatsAppInbox inbox,
    InboxSignal signal,
    WhatsAppStatusHandler statuses,
    WhatsAppTurnRunner runner,
    IOptions<WhatsAppOptions> options,
    TimeProvider time,
    ILogger<InboxProcessor> logger) : BackgroundService
{
    private const int BatchSize = 128;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);
    // Meta redelivers for up to 7 days (§4): message ids are remembered a day longer.
    private static readonly TimeSpan Retention = TimeSpan.FromDays(8);

    private readonly ConversationQueue _perCitizen = new();
    private readonly Dictionary<long, Pending> _pending = [];
    private readonly Lock _gate = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || !settings.ProcessInbox)
        {
            return;
        }
        // Leave the host's start-up path at once.
        await Task.Yield();
        using var slots = new SemaphoreSlim(settings.MaxConcurrentTurns);
        var inFlight = new List<Task>();
        long last = 0;
        var nextPurge = time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (time.GetUtcNow() >= nextPurge)
                {
                    await inbox.PurgeAsync(time.GetUtcNow() - Retention, stoppingToken);
                    nextPurge = time.GetUtcNow() + PurgeInterval;
                }
                var entries = await inbox.ReadPendingAsync(last, BatchSize, stoppingToken);
                if (entries.Count == 0)
                {
                    inFlight.RemoveAll(task => task.IsCompleted);
                    await signal.WaitAsync(PollInterval, stoppingToken);
                    continue;
                }
                last = entries[^1].Sequence;
                await DispatchAsync(entries, slots, inFlight, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is not finished stays pending for the next start.
        }
        await Task.WhenAll(inFlight).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task DispatchAsync(IReadOnlyList<InboxEntry> entries, SemaphoreSlim slots, List<Task> inFlight, CancellationToken stoppingToken)
    {
        var messages = new List<(long Sequence, int Index, InboundWork Work)>();
        foreach (var entry in entries)
        {
            var work = Fanout(entry);
            await statuses.HandleAsync(work.Statuses, stoppingToken);
            if (work.Messages.Count == 0)
            {
                await inbox.MarkProcessedAsync(entry.Sequence, time.GetUtcNow(), CancellationToken.None);
                continue;
            }
            lock (_gate)
            {
                _pending[entry.Sequence] = new Pending(work.Messages.Count);
            }
            messages.AddRange(work.Messages.Select((message, index) => (entry.Sequence, index, message)));
        }
        // A citizen's messages in the order they were written, then in arrival order (§2.8: several can share a second).
        foreach (var (sequence, _, work) in messages.OrderBy(m => m.Work.Message.Seconds).ThenBy(m => m.Sequence).ThenBy(m => m.Index))
        {
            await slots.WaitAsync(stoppingToken);
            // Queued synchronously here, so each citizen's messages keep this order.
            var task = _perCitizen.RunAsync(work.SenderKey, () => HandleAsync(work, stoppingToken));
            inFlight.Add(FinishAsync(task, sequence, slots));
        }
        inFlight.RemoveAll(task => task.IsCompleted);
    }

    private async Task<bool> HandleAsync(InboundWork work, CancellationToken cancellationToken)
    {
        try
        {
            await runner.RunAsync(work, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Only the type: an exception message can quote what the citizen wrote. The body stays pending for the next start.
            LogMessageFailed(work.Message.Type, exception.GetType().FullName);
            return false;
        }
    }

    private async Task FinishAsync(Task<bool> handled, long sequence, SemaphoreSlim slots)
    {
        bool succeeded;
        try
        {
            succeeded = await handled;
        }
        catch (OperationCanceledException)
        {
            succeeded = false;
        }
        finally
        {
            slots.Release();
        }
        await CompleteAsync(sequence, succeeded);
    }

    private async Task CompleteAsync(long sequence, bool succeeded)
    {
        Pending? finished = null;
        lock (_gate)
        {
            if (_pending.TryGetValue(sequence, out var pending))
            {
                pending.Remaining--;
                pending.Failed |= !succeeded;
                if (pending.Remaining <= 0)
                {
                    _pending.Remove(sequence);
                    finished = pending;
                }
            }
        }
        // A body with a failed message is never marked: it runs again after a restart.
        if (finished is { Failed: false })
        {
            await inbox.MarkProcessedAsync(sequence, time.GetUtcNow(), CancellationToken.None);
        }
    }

    private sealed class Pending(int remaining)
    {
        public int Remaining { get; set; } = remaining;
        public bool Failed { get; set; }
    }

    private sealed record Fanned(IReadOnlyList<InboundWork> Messages, IReadOnlyList<StatusUpdate> Statuses);

    private Fanned Fanout(InboxEntry entry)
    {
        WebhookPayload payload;
        try
        {
            payload = WebhookPayload.Parse(entry.Payload);
        }
        catch (JsonException)
        {
            LogUnreadableEntry(entry.Sequence);
            return new Fanned([], []);
        }
        var messages = new List<InboundWork>();
        var statusUpdates = new List<StatusUpdate>();
        // Every entry, every change, every item: never only the first (§2.1).
        foreach (var item in payload.Entry ?? [])
        {
            foreach (var change in item.Changes ?? [])
            {
                if (change.Value is not { } value)
                {
                    continue;
                }
                if (value.Metadata?.PhoneNumberId is { } phoneNumberId && phoneNumberId != options.Value.PhoneNumberId)
                {
                    LogOtherNumber();
                    continue;
                }
                foreach (var error in value.Errors ?? [])
                {
                    LogValueError(error.Code);
                }
                statusUpdates.AddRange(value.Statuses ?? []);
                messages.AddRange((value.Messages ?? []).Select(message => new InboundWork(message, value, item.Id)));
            }
        }
        return new Fanned(messages, statusUpdates);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A WhatsApp {MessageType} message failed with {ExceptionType}; its webhook stays pending")]
    private partial void LogMessageFailed(string? messageType, string? exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "WhatsApp inbox entry {Sequence} is not readable JSON; skipped")]
    private partial void LogUnreadableEntry(long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WhatsApp webhook for another phone number id ignored")]
    private partial void LogOtherNumber();

    [LoggerMessage(Level = LogLevel.Warning, Message = "WhatsApp reported error code {Code} for the account or app")]
    private partial void LogValueError(string? code);
}

/// <summary>One inbound message with the change it came in (for its contacts and metadata).</summary>
internal sealed record InboundWork(InboundMessage Message, WebhookValue Value, string? WabaId)
{
    /// <summary>The per-citizen ordering key (§4 step 4: one at a time per conversation).</summary>
    public string SenderKey => InboundMapper.Sender(Message, Value).Key ?? "";
}
