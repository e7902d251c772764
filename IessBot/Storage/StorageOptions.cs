using IessBot.Storage.Azure;
using Microsoft.Extensions.Options;

namespace IessBot.Storage;

public enum StorageProvider
{
    Embedded,
    Azure,
}

/// <summary>The <c>Storage</c> settings section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Which provider holds state, cases and evidence: <c>Embedded</c> (default) or <c>Azure</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Embedded;

    /// <summary>
    /// Base64 of 32 random bytes: the master key for personal data at rest. When empty a development key is
    /// generated under the data directory (DESIGN.md "Confidentiality": production keeps it in a secret store).
    /// </summary>
    public string? EncryptionKey { get; set; }

    public EmbeddedStorageOptions Embedded { get; set; } = new();

    public AzureStorageOptions Azure { get; set; } = new();
}

public sealed class EmbeddedStorageOptions
{
    /// <summary>Holds <c>iessbot.db</c> and <c>evidence/</c>; a relative path is resolved against the current directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (options.Provider == StorageProvider.Embedded && string.IsNullOrWhiteSpace(options.Embedded.DataDirectory))
        {
            failures.Add("Storage:Embedded:DataDirectory must name a folder (default: 'data').");
        }
        if (!string.IsNullOrWhiteSpace(options.EncryptionKey) && !MasterKey.TryDecode(options.EncryptionKey, out _, out var problem))
        {
            failures.Add($"Storage:EncryptionKey {problem}");
        }
        if (options.Provider == StorageProvider.Azure)
        {
            failures.AddRange(AzureStorageOptionsValidation.Problems(options));
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
