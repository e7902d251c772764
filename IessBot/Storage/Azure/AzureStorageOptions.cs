using System.Text.RegularExpressions;

namespace IessBot.Storage.Azure;

/// <summary>
/// The <c>Storage:Azure</c> settings. Each service is reached either by a connection string (development: the
/// emulators or a key) or by its endpoint with <c>DefaultAzureCredential</c> (production: the managed identity).
/// </summary>
public sealed class AzureStorageOptions
{
    /// <summary><c>AccountEndpoint=…;AccountKey=…</c>. Development only: production uses <see cref="CosmosEndpoint"/>.</summary>
    public string? CosmosConnectionString { get; set; }

    /// <summary><c>https://&lt;account&gt;.documents.azure.com:443/</c>, reached with <c>DefaultAzureCredential</c>.</summary>
    public string? CosmosEndpoint { get; set; }

    /// <summary>
    /// True for the Cosmos DB emulator or the local stand-in: Gateway mode, and only the configured endpoint
    /// (the emulators advertise other addresses). False (default): Direct mode with region discovery.
    /// </summary>
    public bool CosmosEmulator { get; set; }

    public string Database { get; set; } = "iessbot";

    public string ConversationsContainer { get; set; } = "conversations";

    public string CasesContainer { get; set; } = "cases";

    /// <summary>The WhatsApp inbox and delivery state (partition key <c>/pk</c>).</summary>
    public string WhatsAppContainer { get; set; } = "whatsapp";

    /// <summary>The staff side: the audit trail and local staff accounts (partition key <c>/pk</c>).</summary>
    public string StaffContainer { get; set; } = "staff";

    /// <summary>A Blob Storage connection string. Development only: production uses <see cref="BlobServiceUri"/>.</summary>
    public string? BlobConnectionString { get; set; }

    /// <summary><c>https://&lt;account&gt;.blob.core.windows.net</c>, reached with <c>DefaultAzureCredential</c>.</summary>
    public string? BlobServiceUri { get; set; }

    public string EvidenceContainer { get; set; } = "evidence";

    /// <summary>
    /// The client id of a user-assigned managed identity for <c>DefaultAzureCredential</c>; empty uses the
    /// system-assigned identity or the developer's sign-in.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// Create the database, containers and blob container at start-up when they are missing (development).
    /// False (default): they must exist (the deployment templates create them; a data-plane managed identity
    /// cannot), and start-up only checks that they do.
    /// </summary>
    public bool CreateResources { get; set; }
}

internal static partial class AzureStorageOptionsValidation
{
    public static IEnumerable<string> Problems(StorageOptions storage)
    {
        var options = storage.Azure;
        if (string.IsNullOrWhiteSpace(storage.EncryptionKey))
        {
            // A development key lives in one instance's data directory; instances sharing Azure storage must share the key.
            yield return "Storage:EncryptionKey is required with the Azure provider: every instance must encrypt with the same key. Generate one with: openssl rand -base64 32";
        }
        if (string.IsNullOrWhiteSpace(options.CosmosConnectionString) == string.IsNullOrWhiteSpace(options.CosmosEndpoint))
        {
            yield return "Set exactly one of Storage:Azure:CosmosConnectionString (development) or Storage:Azure:CosmosEndpoint (managed identity).";
        }
        else if (!string.IsNullOrWhiteSpace(options.CosmosEndpoint) && !IsAbsoluteHttpUri(options.CosmosEndpoint))
        {
            yield return "Storage:Azure:CosmosEndpoint must be an absolute https:// URI, e.g. https://iessbot.documents.azure.com:443/.";
        }
        if (string.IsNullOrWhiteSpace(options.BlobConnectionString) == string.IsNullOrWhiteSpace(options.BlobServiceUri))
        {
            yield return "Set exactly one of Storage:Azure:BlobConnectionString (development) or Storage:Azure:BlobServiceUri (managed identity).";
        }
        else if (!string.IsNullOrWhiteSpace(options.BlobServiceUri) && !IsAbsoluteHttpUri(options.BlobServiceUri))
        {
            yield return "Storage:Azure:BlobServiceUri must be an absolute https:// URI, e.g. https://iessbotdata.blob.core.windows.net.";
        }
        foreach (var (name, value) in new[]
        {
            ("Database", options.Database), ("ConversationsContainer", options.ConversationsContainer), ("CasesContainer", options.CasesContainer),
            ("WhatsAppContainer", options.WhatsAppContainer), ("StaffContainer", options.StaffContainer),
        })
        {
            if (string.IsNullOrWhiteSpace(value) || !CosmosName().IsMatch(value))
            {
                yield return $"Storage:Azure:{name} must be 1-255 characters without / \\ # ? or spaces at the end.";
            }
        }
        if (!BlobContainerName().IsMatch(options.EvidenceContainer ?? ""))
        {
            yield return "Storage:Azure:EvidenceContainer must be 3-63 lower-case letters, digits and single hyphens (a blob container name).";
        }
    }

    private static bool IsAbsoluteHttpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex(@"^[^/\\#?]{0,254}[^/\\#?\s]$")]
    private static partial Regex CosmosName();

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex BlobContainerName();
}
