using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IessBot.Storage;

/// <summary>What the active provider answers to "can you reach your storage?".</summary>
internal interface IStorageProbe
{
    StorageProvider Provider { get; }

    Task<bool> PingAsync(CancellationToken cancellationToken);
}

internal sealed partial class StorageHealthCheck(IStorageProbe probe, ILogger<StorageHealthCheck> logger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await probe.PingAsync(cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Storage answered without its schema.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnhealthy(probe.Provider, exception.GetType().Name);
            return HealthCheckResult.Unhealthy("Storage is not reachable.");
        }
    }

    /// <summary><c>{"status":"ready","storage":"Embedded"}</c>, or <c>"unavailable"</c> with 503.</summary>
    internal static Task WriteResponseAsync(HttpContext context, HealthReport report)
    {
        var provider = context.RequestServices.GetRequiredService<IStorageProbe>().Provider;
        context.Response.ContentType = "application/json; charset=utf-8";
        var status = report.Status == HealthStatus.Healthy ? "ready" : "unavailable";
        return JsonSerializer.SerializeAsync(context.Response.Body, new HealthResponse(status, provider.ToString()), HealthJson.Default.HealthResponse, context.RequestAborted);
    }

    // The exception message may quote a path or SQL; only its type is logged.
    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Provider} storage health check failed with {ExceptionType}")]
    private partial void LogUnhealthy(StorageProvider provider, string exceptionType);
}

internal sealed record HealthResponse(string Status, string Storage);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HealthJson : System.Text.Json.Serialization.JsonSerializerContext;

internal static class HealthEndpoint
{
    public static HealthCheckOptions Options { get; } = new()
    {
        ResponseWriter = StorageHealthCheck.WriteResponseAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };
}
