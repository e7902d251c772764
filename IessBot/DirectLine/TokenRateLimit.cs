using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace IessBot.DirectLine;

/// <summary>
/// Limits <c>POST /api/directline/token</c>, the one Direct Line endpoint anyone may call without a credential, per client
/// address (IPv6 by its /64, which one household or phone usually holds): at most
/// <see cref="DirectLineOptions.TokenRequestsPerWindow"/> in each <see cref="DirectLineOptions.TokenRateWindow"/>; beyond
/// that 429 with <c>Retry-After</c> (reference §4.1), as the real service answers when throttling. The limiter belongs to
/// the endpoint (an endpoint filter), so it counts once whatever rate-limiting middleware the rest of the app uses.
/// Behind a reverse proxy the client address is the proxy's unless forwarded headers are configured (README).
/// </summary>
internal sealed partial class TokenRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter;
    private readonly ILogger<TokenRateLimit> _logger;

    public TokenRateLimit(IOptions<DirectLineOptions> options, ILogger<TokenRateLimit> logger)
    {
        var (permits, window) = (options.Value.TokenRequestsPerWindow, options.Value.TokenRateWindow);
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetFixedWindowLimiter(
            ClientKey(http.Connection.RemoteIpAddress),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true }));
        _logger = logger;
    }

    /// <summary>The endpoint filter: the endpoint runs only with a permit.</summary>
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        using var lease = await _limiter.AcquireAsync(context.HttpContext, permitCount: 1, context.HttpContext.RequestAborted);
        if (lease.IsAcquired)
        {
            return await next(context);
        }
        LogThrottled();
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return DirectLineErrors.Error(StatusCodes.Status429TooManyRequests, "TooManyRequests", "Too many conversations started from this address; try again later.");
    }

    /// <summary>The partition of a client: its IPv4 address, or the /64 network of an IPv6 one.</summary>
    internal static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString() + "/64";
    }

    public void Dispose() => _limiter.Dispose();

    // No address: it identifies the citizen (personal data is never logged).
    [LoggerMessage(Level = LogLevel.Warning, Message = "A client asked for too many Web Chat tokens; answered 429")]
    private partial void LogThrottled();
}
