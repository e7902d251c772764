using IessBot.Storage;
using Microsoft.Extensions.Options;

namespace IessBot.Notifications;

public static class NotificationsExtensions
{
    /// <summary>
    /// The confirmation e-mail of every filed case, through the outbox (<see cref="IOutbox"/>, from <c>AddStorage</c>)
    /// and a background dispatcher: SMTP when <c>Notifications:Smtp:Host</c> is set, .eml files in
    /// <c>&lt;DataDirectory&gt;/mail/</c> otherwise (the start-up log says which).
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>()
            .Bind(configuration.GetSection(NotificationOptions.SectionName))
            .Validate(o => o.MaxAttempts is >= 1 and <= 100, "Notifications:MaxAttempts must be between 1 and 100.")
            .Validate(o => o.RetryInitialDelay > TimeSpan.Zero && o.RetryMaxDelay >= o.RetryInitialDelay,
                "Notifications:RetryInitialDelay must be positive and not above Notifications:RetryMaxDelay.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.BatchSize is >= 1 and <= 500, "Notifications:PollInterval must be positive and BatchSize between 1 and 500.")
            .Validate(o => o.Lease > o.Smtp.Timeout, "Notifications:Lease must be longer than Notifications:Smtp:Timeout, or a slow send could be claimed twice.")
            .Validate(o => !o.Smtp.IsEnabled || o.Smtp.Port is > 0 and <= 65535, "Notifications:Smtp:Port must be a TCP port (1–65535).")
            .Validate(o => IsMailbox(o.Smtp.From), "Notifications:Smtp:From must be an e-mail address, e.g. \"IESS <no-responder@iess.gob.ec>\".")
            .ValidateOnStart();

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<ConfirmationEmail>();
        services.AddSingleton<CaseConfirmations>();
        services.AddSingleton<CitizenNotices>();
        services.AddSingleton<IMailTransport>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NotificationOptions>>().Value;
            return options.Smtp.IsEnabled
                ? new SmtpMailTransport(sp.GetRequiredService<IOptions<NotificationOptions>>())
                : new PickupDirectoryMailTransport(Path.Combine(
                    sp.GetRequiredService<IOptions<StorageOptions>>().Value.Embedded.ResolveDataDirectory(), PickupDirectoryMailTransport.FolderName));
        });
        services.AddSingleton<IOutboxSender, EmailOutboxSender>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }

    private static bool IsMailbox(string value) => MimeKit.MailboxAddress.TryParse(value, out var address) && address.Address.Contains('@', StringComparison.Ordinal);
}
