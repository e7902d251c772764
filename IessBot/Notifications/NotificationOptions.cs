using MimeKit;

namespace IessBot.Notifications;

/// <summary>The <c>Notifications</c> settings: how the outbox is dispatched, and the SMTP server.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Attempts per message before it becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Delay before the second attempt; doubled after each failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>With the defaults, ten attempts span about three hours: a mail server down for an hour is covered.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claimed message belongs to one dispatcher; must outlast one send (<see cref="SmtpOptions.Timeout"/>).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the outbox is checked when nothing wakes the dispatcher (a case filed here wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public int BatchSize { get; set; } = 20;

    /// <summary>False: this instance queues messages but sends none (another instance dispatches).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based): exponential, capped.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var delay = RetryInitialDelay.TotalMilliseconds * factor;
        return TimeSpan.FromMilliseconds(Math.Min(delay, RetryMaxDelay.TotalMilliseconds));
    }
}

public enum SmtpSecurity
{
    /// <summary>Plain SMTP (a relay on the same host or network).</summary>
    None,
    StartTls,
    SslOnConnect,
    /// <summary>TLS on connect for port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,
}

/// <summary><c>Notifications:Smtp</c>. With <see cref="Host"/> empty (the default) e-mails are written as .eml files to <c>&lt;DataDirectory&gt;/mail/</c>.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string From { get; set; } = "IESS <no-responder@iess.gob.ec>";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Host);

    public MailboxAddress FromAddress => MailboxAddress.Parse(From);

    /// <summary>The right-hand side of Message-Ids: the sender's domain.</summary>
    public string MessageIdDomain => FromAddress.Domain is { Length: > 0 } domain ? domain : "iessbot.local";
}
