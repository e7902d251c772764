using IessBot.Evidence;
using IessBot.Notifications;
using Microsoft.Extensions.Options;

namespace IessBot.WhatsApp;

public static partial class WhatsAppExtensions
{
    /// <summary>
    /// The WhatsApp Cloud API channel (settings section <c>WhatsApp</c>): webhook inbox and its processor, the Graph API
    /// client, the media attachment source and the notifier. Register after <c>AddBotFramework</c>, so that its
    /// attachment source is preferred for <c>whatsapp-media:</c> URLs. Off while <c>WhatsApp:PhoneNumberId</c> is empty.
    /// </summary>
    public static IServiceCollection AddWhatsApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WhatsAppOptions>().Bind(configuration.GetSection(WhatsAppOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WhatsAppOptions>, WhatsAppOptionsValidator>();
        services.AddHttpClient<GraphApiClient>(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<InboxSignal>();
        services.AddSingleton<InboundMapper>();
        services.AddTransient<WhatsAppSender>();
        services.AddTransient<WhatsAppStatusHandler>();
        services.AddTransient<WhatsAppTurnRunner>();
        services.AddTransient(sp => new WhatsAppNotifier(
            sp.GetRequiredService<WhatsAppSender>(),
            sp.GetRequiredService<IWhatsAppDeliveryState>(),
            sp.GetRequiredService<IOptions<WhatsAppOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WhatsAppNotifier>>()));
        // Only when the channel is on: otherwise no attachment URL can be ours, and the Connector's source stays the only one.
        if (!string.IsNullOrWhiteSpace(configuration.GetSection(WhatsAppOptions.SectionName)[nameof(WhatsAppOptions.PhoneNumberId)]))
        {
            services.AddTransient<IAttachmentContentSource, WhatsAppMediaSource>();
            // Case news for citizens who filed on WhatsApp; while the channel is off their notices wait in the outbox.
            services.AddSingleton<IOutboxSender, WhatsAppNoticeSender>();
        }
        services.AddHostedService<ChannelAnnouncer>();
        services.AddHostedService<InboxProcessor>();
        return services;
    }

    /// <summary><c>GET</c> and <c>POST /api/whatsapp</c> (answer 404 while the channel is off).</summary>
    public static IEndpointRouteBuilder MapWhatsApp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapWebhook();
        return endpoints;
    }

    /// <summary>Says at start-up whether the channel is on; never names a secret.</summary>
    private sealed partial class ChannelAnnouncer(IOptions<WhatsAppOptions> options, ILogger<ChannelAnnouncer> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var settings = options.Value;
            if (!settings.Enabled)
            {
                LogOff();
            }
            else if (settings.ProcessInbox)
            {
                LogOn(settings.PhoneNumberId, settings.GraphApiVersion);
            }
            else
            {
                LogOnWithoutProcessing(settings.PhoneNumberId);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Channel off: WhatsApp (WhatsApp:PhoneNumberId is empty)")]
        private partial void LogOff();

        [LoggerMessage(Level = LogLevel.Information, Message = "Channel active: WhatsApp (GET/POST /api/whatsapp; phone number id {PhoneNumberId}, Graph API {Version})")]
        private partial void LogOn(string phoneNumberId, string version);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Channel active: WhatsApp (phone number id {PhoneNumberId}), but WhatsApp:ProcessInbox is false: webhooks are stored and not answered")]
        private partial void LogOnWithoutProcessing(string phoneNumberId);
    }
}
