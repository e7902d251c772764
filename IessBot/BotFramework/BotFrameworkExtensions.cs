using IessBot.BotFramework.Auth;
using IessBot.BotFramework.Connector;
using IessBot.Evidence;
using IessBot.Notifications;
using Microsoft.Extensions.Options;

namespace IessBot.BotFramework;

public static partial class BotFrameworkExtensions
{
    internal const string OpenIdHttpClient = "BotFramework.OpenId";
    internal const string TokenHttpClient = "BotFramework.Token";

    /// <summary>
    /// The Bot Framework channel: settings (top-level <c>MicrosoftApp*</c> keys and the <c>BotFramework</c> section),
    /// inbound JWT authentication, the Connector client and its token cache, and the attachment source.
    /// </summary>
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotCredentials>().Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotCredentials>, BotCredentialsValidator>();
        services.AddOptions<BotFrameworkOptions>().Bind(configuration.GetSection(BotFrameworkOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>();

        // When a token names a key we do not know (Bot Framework rolled its keys), the refetch must finish before
        // the token is checked again, as in the SDK; IdentityModel 8 otherwise refreshes in the background.
        AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);
        // The key managers keep their client for the app's lifetime; recycle connections so DNS changes are seen.
        services.AddHttpClient(OpenIdHttpClient)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(15) });
        services.AddHttpClient(TokenHttpClient);
        services.AddSingleton<TrustedServiceUrls>();
        services.AddSingleton<BotAuthenticator>();
        services.AddSingleton<ConnectorTokenProvider>();
        // A reply must not hold the turn (and the channel's ~15 s wait, reference §2.6) for the default 100 s.
        services.AddHttpClient<ConnectorClient>(http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient<ConnectorAttachmentSource>();
        services.AddTransient<IAttachmentContentSource>(provider => provider.GetRequiredService<ConnectorAttachmentSource>());
        // Requests for information and resolutions reach Bot Framework conversations as proactive messages.
        services.AddSingleton<IOutboxSender, ConnectorNoticeSender>();
        services.AddHostedService<ChannelAnnouncer>();
        return services;
    }

    /// <summary><c>POST /api/messages</c>.</summary>
    public static IEndpointRouteBuilder MapBotFramework(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMessages();
        return endpoints;
    }

    /// <summary>
    /// Says once at start-up that this channel is active and which auth mode it uses: a mismatch with the
    /// Emulator shows up as 401 loops (reference §8).
    /// </summary>
    private sealed partial class ChannelAnnouncer(IOptions<BotCredentials> credentials, ILogger<ChannelAnnouncer> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogChannel();
            var mode = credentials.Value.Mode;
            if (mode == BotAuthMode.Disabled)
            {
                LogDisabled();
            }
            else
            {
                LogEnabled(mode);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Channel active: Bot Framework (POST /api/messages; Emulator and Azure Bot Service)")]
        private partial void LogChannel();

        [LoggerMessage(Level = LogLevel.Warning, Message = "Bot Framework authentication is disabled (no MicrosoftAppId): /api/messages accepts unauthenticated requests. Use only for local development.")]
        private partial void LogDisabled();

        [LoggerMessage(Level = LogLevel.Information, Message = "Bot Framework authentication: {Mode}")]
        private partial void LogEnabled(BotAuthMode mode);
    }
}
