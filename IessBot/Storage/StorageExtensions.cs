using IessBot.Storage.Azure;
using IessBot.Storage.Embedded;
using Microsoft.Extensions.Options;

namespace IessBot.Storage;

public static class StorageExtensions
{
    /// <summary>Registers every store of the configured provider (<c>Storage:Provider</c>: Embedded by default).</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StorageOptions.SectionName);
        services.AddOptions<StorageOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();

        switch (ReadProvider(section))
        {
            case StorageProvider.Embedded:
                services.AddEmbeddedStorage();
                services.AddDataProtectionKeys(EmbeddedStorageExtensions.DataProtectionKeyRepository);
                break;
            case StorageProvider.Azure:
                services.AddAzureStorage();
                // After AddAzureStorage: its start-up creates the staff container before Data Protection first reads the ring.
                services.AddDataProtectionKeys(AzureStorageExtensions.DataProtectionKeyRepository);
                break;
        }

        services.AddSingleton(CreateProtector);
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        services.AddHostedService<StorageStartup>();
        return services;
    }

    /// <summary><c>GET /healthz</c>: 200 <c>{"status":"ready","storage":"Embedded"}</c> when storage answers a query, 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", HealthEndpoint.Options);
        return endpoints;
    }

    private static StorageProvider ReadProvider(IConfigurationSection section)
    {
        var value = section[nameof(StorageOptions.Provider)];
        if (string.IsNullOrWhiteSpace(value))
        {
            return StorageProvider.Embedded;
        }
        return Enum.GetNames<StorageProvider>().FirstOrDefault(name => name.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase)) is { } known
            ? Enum.Parse<StorageProvider>(known)
            : throw new InvalidOperationException($"Storage:Provider '{value}' is not known. Use 'Embedded' (the default) or 'Azure'.");
    }

    private static PersonalDataProtector CreateProtector(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PersonalDataProtector));
        var key = MasterKey.Load(options.EncryptionKey, options.Embedded.ResolveDataDirectory(), logger);
        try
        {
            return new PersonalDataProtector(key);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }
}
