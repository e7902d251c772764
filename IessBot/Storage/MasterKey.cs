using System.Security.Cryptography;

namespace IessBot.Storage;

/// <summary>
/// Where the master key for personal data comes from: <c>Storage:EncryptionKey</c>, or else a development key
/// generated once under the data directory so that a first start needs nothing configured.
/// </summary>
internal static partial class MasterKey
{
    public const string DevelopmentKeyFolder = "keys";
    public const string DevelopmentKeyFile = "development.key";

    public static bool TryDecode(string encoded, out byte[] key, out string problem)
    {
        key = [];
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(encoded.Trim());
        }
        catch (FormatException)
        {
            problem = "is not valid base64. Generate one with: openssl rand -base64 32";
            return false;
        }
        if (decoded.Length != PersonalDataProtector.KeySize)
        {
            problem = $"must be {PersonalDataProtector.KeySize} bytes (base64 of 32 random bytes) but is {decoded.Length} bytes. Generate one with: openssl rand -base64 32";
            return false;
        }
        key = decoded;
        problem = "";
        return true;
    }

    /// <summary>The configured key, or the development key of <paramref name="dataDirectory"/> (created on first use).</summary>
    public static byte[] Load(string? configuredKey, string dataDirectory, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configuredKey))
        {
            return TryDecode(configuredKey, out var key, out var problem)
                ? key
                : throw new InvalidOperationException($"Storage:EncryptionKey {problem}");
        }

        var path = Path.Combine(dataDirectory, DevelopmentKeyFolder, DevelopmentKeyFile);
        var created = !File.Exists(path) && TryCreateDevelopmentKey(path);
        LogDevelopmentKey(logger, path, created);
        return ReadDevelopmentKey(path);
    }

    private static bool TryCreateDevelopmentKey(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Only the service account may read the key (file mode 600).
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var file = new FileStream(path, options);
            using var writer = new StreamWriter(file);
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(PersonalDataProtector.KeySize)));
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs.
            return false;
        }
    }

    private static byte[] ReadDevelopmentKey(string path)
    {
        var text = File.ReadAllText(path);
        return TryDecode(text, out var key, out var problem)
            ? key
            : throw new InvalidOperationException($"The development key file '{path}' is damaged: it {problem}. Delete it only if no data was encrypted with it.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Personal data is encrypted with a DEVELOPMENT key stored next to the data in {KeyPath} (created now: {Created}). " +
        "For production set Storage:EncryptionKey (base64 of 32 random bytes, e.g. 'openssl rand -base64 32') from a secret store, " +
        "such as the environment variable Storage__EncryptionKey.")]
    private static partial void LogDevelopmentKey(ILogger logger, string keyPath, bool created);
}
