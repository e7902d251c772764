using IessBot.Evidence;
using IessBot.Notifications;
using IessBot.Storage;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace IessBot.DirectLine;

public static partial class DirectLineExtensions
{
    /// <summary>
    /// The self-hosted Direct Line 3.0 channel and the Web Chat page: settings (<c>DirectLine</c>), secret and tokens,
    /// the activity log and its expiry, WebSocket streams, CORS for the configured origins, and the attachment source
    /// of uploads. Call after <c>AddBotFramework</c>: the last attachment source that can open a URL wins.
    /// </summary>
    public static IServiceCollection AddDirectLine(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsAvailable(configuration))
        {
            services.AddHostedService<ChannelOffAnnouncer>();
            return services;
        }

        services.AddOptions<DirectLineOptions>().Bind(configuration.GetSection(DirectLineOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DirectLineOptions>, DirectLineOptionsValidator>();
        services.AddSingleton(sp => DirectLineSecret.Load(
            sp.GetRequiredService<IOptions<DirectLineOptions>>().Value.Secret,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Embedded.ResolveDataDirectory(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<DirectLineSecret>()));
        services.AddSingleton<ConversationTokens>();
        services.AddSingleton<DirectLineAuth>();
        services.AddSingleton<DirectLineStreams>();
        services.AddSingleton<ConversationLog>();
        services.AddSingleton<DirectLineChannel>();
        services.AddSingleton<ActivityLogJanitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ActivityLogJanitor>());
        services.AddTransient<IAttachmentContentSource, DirectLineAttachmentSource>();
        // Requests for information and resolutions reach the citizen's Web Chat conversation through its log.
        services.AddSingleton<IOutboxSender, DirectLineNoticeSender>();

        services.AddCors();
        services.AddSingleton<IConfigureOptions<CorsOptions>, DirectLineCors>();
        services.AddSingleton<WebChatBundle>();
        services.AddSingleton<TokenRateLimit>();
        // An upload is streamed to storage as it arrives; Kestrel would otherwise buffer up to 1 MB of each request body
        // ahead of the reader, twice: the socket transport reads up to its own MaxReadBufferSize (1 MB, in pinned blocks
        // that stay in Kestrel's pool) whatever Limits.MaxRequestBufferSize says. 64 KB at both keeps a 20 MB upload in
        // flight near 1 MB of memory (README, Benchmark).
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBufferSize = UploadReadAhead);
        services.Configure<SocketTransportOptions>(sockets => sockets.MaxReadBufferSize = UploadReadAhead);
        services.AddHostedService<ChannelAnnouncer>();
        return services;
    }

    /// <summary>
    /// <c>/v3/directline/*</c> (REST, uploads, WebSocket streams, uploaded files), the page's token endpoint
    /// <c>POST /api/directline/token</c>, and the Web Chat page <c>GET /</c> from wwwroot with its bundle (<see cref="WebChatBundle"/>).
    /// </summary>
    public static WebApplication MapDirectLine(this WebApplication app)
    {
        if (!IsAvailable(app.Configuration))
        {
            return app;
        }

        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = WebChatPage.SetCaching });
        app.UseCors();
        app.UseWebSockets();

        var group = app.MapGroup("/v3/directline").RequireCors(DirectLineEndpoints.CorsPolicy);
        group.MapDirectLineRest();
        group.MapUploads();
        group.MapStream();
        group.MapAttachments();
        app.MapWebChatToken();
        WebChatBundle.MapWebChatBundle(app);
        return app;
    }

    private const int UploadReadAhead = 64 * 1024;

    /// <summary>
    /// The self-hosted Direct Line keeps its activity log in the embedded database and its conversation positions and
    /// WebSockets in memory, so it serves one instance. With <c>Storage:Provider=Azure</c> (several instances) Web Chat
    /// uses Azure Bot Service's Direct Line channel instead, which posts to <c>/api/messages</c> (deploymentTemplates/).
    /// </summary>
    private static bool IsAvailable(IConfiguration configuration) =>
        !string.Equals(configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"], nameof(StorageProvider.Azure), StringComparison.OrdinalIgnoreCase);

    /// <summary>reference §4.10: the configured origins may call with the headers DirectLineJS sends; nothing else is allowed.</summary>
    private sealed class DirectLineCors(IOptions<DirectLineOptions> options) : IConfigureOptions<CorsOptions>
    {
        public void Configure(CorsOptions cors) => cors.AddPolicy(DirectLineEndpoints.CorsPolicy, policy => policy
            .WithOrigins(options.Value.AllowedOrigins)
            .WithMethods("GET", "POST", "OPTIONS")
            .WithHeaders("Authorization", "Content-Type", "x-ms-bot-agent", "x-requested-with")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10)));
    }

    private sealed partial class ChannelOffAnnouncer(ILogger<ChannelOffAnnouncer> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogChannelOff();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Channel off: self-hosted Direct Line and the Web Chat page (Storage:Provider=Azure runs several instances; use Azure Bot Service's Web Chat / Direct Line channels, which post to /api/messages)")]
        private partial void LogChannelOff();
    }

    private sealed partial class ChannelAnnouncer(DirectLineSecret secret, IOptions<DirectLineOptions> options, ILogger<ChannelAnnouncer> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = secret; // loaded now, so a generated secret is announced at start rather than at the first conversation
            LogChannel(options.Value.AllowedOrigins.Length == 0 ? "same origin only" : string.Join(", ", options.Value.AllowedOrigins));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Channel active: Direct Line 3.0 (/v3/directline) and the Web Chat page (/); browser origins: {Origins}")]
        private partial void LogChannel(string origins);
    }
}
