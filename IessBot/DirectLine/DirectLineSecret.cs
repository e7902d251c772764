using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IessBot.DirectLine;

/// <summary>
/// The Direct Line secret (reference §4.2) and the token-signing key derived from it. Configured in
/// <c>DirectLine:Secret</c>, or generated once into <c>&lt;DataDirectory&gt;/directline.secret</c> (mode 600) so a
/// first start needs nothing configured. Changing the secret invalidates every token issued under the old one.
/// </summary>
public sealed partial class DirectLineSecret
{
    public const string FileName = "directline.secret";
    private readonly byte[] _secretHash;

    private DirectLineSecret(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        _secretHash = SHA256.HashData(bytes);
        SigningKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, bytes, 32, salt: [], info: "iessbot/directline/token-hmac/v1"u8.ToArray());
        CryptographicOperations.ZeroMemory(bytes);
    }

    /// <summary>The HMAC-SHA256 key of conversation tokens.</summary>
    internal byte[] SigningKey { get; }

    /// <summary>Whether <paramref name="candidate"/> is the secret, in constant time.</summary>
    public bool Matches(string candidate) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), _secretHash);

    public static DirectLineSecret Load(string? configured, string dataDirectory, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DirectLineSecret(configured.Trim());
        }
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            TryCreate(path);
            LogGenerated(logger, path);
        }
        var stored = File.ReadAllText(path).Trim();
        return stored.Length >= 32
            ? new DirectLineSecret(stored)
            : throw new InvalidOperationException($"The Direct Line secret file '{path}' is damaged (shorter than 32 characters). Delete it to generate a new one; open conversations will need new tokens.");
    }

    private static void TryCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var file = new FileStream(path, options);
            using var writer = new StreamWriter(file);
            writer.Write(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; use theirs.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "No DirectLine:Secret configured: a random Direct Line secret was generated in {SecretPath}. " +
        "Set DirectLine:Secret (e.g. the environment variable DirectLine__Secret) from a secret store in production.")]
    private static partial void LogGenerated(ILogger logger, string secretPath);
}
