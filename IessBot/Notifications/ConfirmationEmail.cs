using IessBot.Cases;
using Microsoft.Extensions.Options;

namespace IessBot.Notifications;

/// <summary>Builds the confirmation e-mail of a filed case as an outbox message (one per case: its id is derived from the case number).</summary>
public sealed class ConfirmationEmail(IOptions<NotificationOptions> options)
{
    public const string Purpose = "confirmacion";

    public static string MessageIdFor(string caseNumber) => $"{caseNumber}/{Purpose}";

    public OutboxMessage For(FiledCase filedCase)
    {
        var payload = new EmailPayload(
            filedCase.Email,
            ConfirmationEmailTexts.Subject(filedCase.Type, filedCase.CaseNumber),
            ConfirmationEmailTexts.Text(filedCase.Type, filedCase.CaseNumber, filedCase.FiledAt),
            ConfirmationEmailTexts.Html(filedCase.Type, filedCase.CaseNumber, filedCase.FiledAt),
            $"{filedCase.CaseNumber}.{Purpose}@{options.Value.Smtp.MessageIdDomain}",
            filedCase.FiledAt);
        return new OutboxMessage(MessageIdFor(filedCase.CaseNumber), OutboxChannels.Email, payload.ToJson(), filedCase.CaseNumber);
    }
}

/// <summary>Files a case together with its confirmation e-mail, and wakes the dispatcher. Used by the case filer.</summary>
public sealed class CaseConfirmations(IOutbox outbox, ConfirmationEmail email, OutboxSignal signal)
{
    public async Task<FiledCase> FileAsync(FiledCase filedCase, CancellationToken cancellationToken)
    {
        var stored = await outbox.CreateCaseAsync(filedCase, c => [email.For(c)], cancellationToken).ConfigureAwait(false);
        signal.Notify();
        return stored;
    }
}

/// <summary>Wakes the dispatcher when a message was queued in this process, so it does not wait for the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
