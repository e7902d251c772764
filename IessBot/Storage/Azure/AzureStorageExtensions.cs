using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Notifications;
using IessBot.Staff;
using IessBot.Turns;
using IessBot.WhatsApp;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace IessBot.Storage.Azure;

internal static class AzureStorageExtensions
{
    /// <summary>Cosmos DB for state, cases with their workflow and outbox, the WhatsApp inbox, the audit trail and staff accounts; Blob Storage for evidence: all under <c>Storage:Azure</c>.</summary>
    public static IServiceCollection AddAzureStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp => CreateCosmosClient(Settings(sp)));
        services.AddSingleton(sp => CreateBlobServiceClient(Settings(sp)));
        services.AddSingleton(sp => new AzureResources(
            sp.GetRequiredService<CosmosClient>(), sp.GetRequiredService<BlobServiceClient>(), Settings(sp)));
        services.AddSingleton<IStorageProbe>(sp => sp.GetRequiredService<AzureResources>());
        services.AddSingleton(sp => new StorageLocation(sp.GetRequiredService<AzureResources>().Describe()));
        services.AddSingleton<IConversationStateStore>(sp => new CosmosConversationStateStore(
            sp.GetRequiredService<AzureResources>().Conversations, sp.GetRequiredService<PersonalDataProtector>()));
        services.AddSingleton(sp => new CosmosCaseStore(
            sp.GetRequiredService<AzureResources>().Cases, sp.GetRequiredService<PersonalDataProtector>(), sp.GetRequiredService<CaseWorkflow>().Start));
        services.AddSingleton<ICaseStore>(sp => sp.GetRequiredService<CosmosCaseStore>());
        services.AddSingleton<ICaseWorkflowStore>(sp => new CosmosCaseWorkflowStore(
            sp.GetRequiredService<CosmosCaseStore>(), sp.GetRequiredService<PersonalDataProtector>()));
        services.AddSingleton<IOutbox>(sp => new CosmosOutbox(
            sp.GetRequiredService<AzureResources>().Cases,
            sp.GetRequiredService<CosmosCaseStore>(),
            sp.GetRequiredService<PersonalDataProtector>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IAuditTrail>(sp => new CosmosAuditTrail(
            sp.GetRequiredService<AzureResources>().Staff, sp.GetRequiredService<PersonalDataProtector>()));
        services.AddSingleton<IStaffAccountStore>(sp => new CosmosStaffAccountStore(sp.GetRequiredService<AzureResources>().Staff));
        services.AddSingleton(sp => new CosmosWhatsAppStore(
            sp.GetRequiredService<AzureResources>().WhatsApp, sp.GetRequiredService<PersonalDataProtector>()));
        services.AddSingleton<IWhatsAppInbox>(sp => sp.GetRequiredService<CosmosWhatsAppStore>());
        services.AddSingleton<IWhatsAppDeliveryState>(sp => sp.GetRequiredService<CosmosWhatsAppStore>());
        services.AddSingleton<IEvidenceStore>(sp => new BlobEvidenceStore(
            sp.GetRequiredService<AzureResources>().Evidence, sp.GetRequiredService<PersonalDataProtector>()));
        // Before StorageStartup (hosted services start in registration order): containers exist before any store is used.
        services.AddHostedService<AzureResourcesStartup>();
        return services;
    }

    /// <summary>The key ring of Data Protection, shared by all instances: documents in the staff container (see <see cref="CosmosXmlRepository"/>).</summary>
    public static IXmlRepository DataProtectionKeyRepository(IServiceProvider services) =>
        new CosmosXmlRepository(services.GetRequiredService<AzureResources>().Staff);

    internal static CosmosClient CreateCosmosClient(AzureStorageOptions options)
    {
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "IessBot",
            UseSystemTextJsonSerializerWithOptions = CosmosJson.SdkOptions,
            EnableContentResponseOnWrite = false,
            ConnectionMode = options.CosmosEmulator ? ConnectionMode.Gateway : ConnectionMode.Direct,
            LimitToEndpoint = options.CosmosEmulator,
        };
        if (options.CosmosEmulator)
        {
            // Emulators share the machine with the app (and, in tests, with everything else): allow them slow answers.
            clientOptions.RequestTimeout = TimeSpan.FromSeconds(30);
        }
        return string.IsNullOrWhiteSpace(options.CosmosConnectionString)
            ? new CosmosClient(options.CosmosEndpoint, Credential(options), clientOptions)
            : new CosmosClient(options.CosmosConnectionString, clientOptions);
    }

    internal static BlobServiceClient CreateBlobServiceClient(AzureStorageOptions options) =>
        string.IsNullOrWhiteSpace(options.BlobConnectionString)
            ? new BlobServiceClient(new Uri(options.BlobServiceUri!), Credential(options))
            : new BlobServiceClient(options.BlobConnectionString);

    /// <summary>The managed identity in Azure; the developer's Azure CLI / Visual Studio sign-in elsewhere.</summary>
    private static TokenCredential Credential(AzureStorageOptions options) =>
        new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
        });

    private static AzureStorageOptions Settings(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Azure;
}
