using IessBot.Cases;

namespace IessBot.Notifications;

/// <summary>
/// The messages that tell a citizen about a public event of their case (a request for information, the resolution):
/// an e-mail to the address given, and a message on the channel they filed from (<see cref="FiledCase.Origin"/>:
/// the web conversation, or WhatsApp within the 24-hour window, a template otherwise). Queued with the change through
/// <see cref="IOutbox.UpdateCaseAsync"/>. TODO(helper citizen-loop): implement.
/// </summary>
public sealed class CitizenNotices
{
    public IReadOnlyList<OutboxMessage> For(FiledCase filed, CaseEvent publicEvent) => throw new NotImplementedException();
}
