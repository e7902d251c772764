using IessBot.Cases;
using IessBot.DirectLine;
using IessBot.Evidence;
using IessBot.Notifications;
using IessBot.Staff;
using IessBot.Turns;
using IessBot.WhatsApp;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace IessBot.Storage.Embedded;

internal static class EmbeddedStorageExtensions
{
    /// <summary>SQLite for state and cases, a local folder for evidence: all under <c>Storage:Embedded:DataDirectory</c>.</summary>
    public static IServiceCollection AddEmbeddedStorage(this IServiceCollection services)
    {
        services.AddSingleton(sp => new SqliteDatabase(DataDirectory(sp), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IStorageProbe>(sp => sp.GetRequiredService<SqliteDatabase>());
        services.AddSingleton(sp => new StorageLocation(DataDirectory(sp)));
        services.AddSingleton<IConversationStateStore, SqliteConversationStateStore>();
        services.AddSingleton<SqliteCaseStore>();
        services.AddSingleton<ICaseStore>(sp => sp.GetRequiredService<SqliteCaseStore>());
        services.AddSingleton<ICaseWorkflowStore, SqliteCaseWorkflowStore>();
        services.AddSingleton<IOutbox>(sp => new SqliteOutbox(
            sp.GetRequiredService<SqliteDatabase>(),
            sp.GetRequiredService<SqliteCaseStore>(),
            sp.GetRequiredService<PersonalDataProtector>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<SqliteWhatsAppStore>();
        services.AddSingleton<IWhatsAppInbox>(sp => sp.GetRequiredService<SqliteWhatsAppStore>());
        services.AddSingleton<IWhatsAppDeliveryState>(sp => sp.GetRequiredService<SqliteWhatsAppStore>());
        services.AddSingleton<IDirectLineStore, SqliteDirectLineStore>();
        services.AddSingleton<IStaffAccountStore, SqliteStaffAccountStore>();
        services.AddSingleton<IAuditTrail, SqliteAuditTrail>();
        services.AddSingleton<IEvidenceStore>(sp => new FileSystemEvidenceStore(
            Path.Combine(DataDirectory(sp), FileSystemEvidenceStore.FolderName),
            sp.GetRequiredService<PersonalDataProtector>()));
        return services;
    }

    /// <summary>Where Data Protection keeps its key ring (each key encrypted, see <see cref="DataProtectionKeys"/>).</summary>
    public static IXmlRepository DataProtectionKeyRepository(IServiceProvider services) => new FileSystemXmlRepository(
        new DirectoryInfo(Path.Combine(DataDirectory(services), DataProtectionKeyFolder)),
        services.GetRequiredService<ILoggerFactory>());

    /// <summary>Not under <see cref="MasterKey.DevelopmentKeyFolder"/>: that folder holds the development key only, and exists only without a configured key.</summary>
    public const string DataProtectionKeyFolder = "dataprotection-keys";

    private static string DataDirectory(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Embedded.ResolveDataDirectory();
}
