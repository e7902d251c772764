using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace IessBot.Storage;

/// <summary>
/// ASP.NET Core Data Protection (the staff console's session and antiforgery cookies) keeps its key ring with the
/// app's own storage, so every instance and every restart shares one ring, and encrypts each key with a key derived
/// from the master key (<c>Storage:EncryptionKey</c>): the stored ring is useless without it. Rotating the master key
/// therefore makes every issued cookie unreadable (everyone signs in again).
/// </summary>
internal static class DataProtectionKeys
{
    /// <summary>Fixed, so that instances in different folders or containers share the ring.</summary>
    public const string ApplicationName = "IessBot";

    /// <summary>Registers Data Protection over <paramref name="repository"/> (the provider's key store).</summary>
    public static IServiceCollection AddDataProtectionKeys(this IServiceCollection services, Func<IServiceProvider, IXmlRepository> repository)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        // Lazily: Data Protection reads these options while the app is built (MapRazorPages), before the storage
        // settings are validated at start; the master key and the store are opened on the first use of the ring.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            options.XmlRepository = new LazyXmlRepository(() => repository(sp));
            options.XmlEncryptor = new MasterKeyXmlEncryptor(sp);
        }));
        return services;
    }
}

/// <summary>The provider's key store, created on first use.</summary>
internal sealed class LazyXmlRepository(Func<IXmlRepository> create) : IXmlRepository
{
    private readonly Lazy<IXmlRepository> _inner = new(create);

    public IXmlRepository Inner => _inner.Value;

    public IReadOnlyCollection<XElement> GetAllElements() => Inner.GetAllElements();

    public void StoreElement(XElement element, string friendlyName) => Inner.StoreElement(element, friendlyName);
}

/// <summary>
/// Encrypts a key's secret element with AES-256-GCM under <see cref="PersonalDataProtector.DataProtectionKeysKey"/>:
/// <c>&lt;encryptedKey keyId="…"&gt;base64(nonce 12 ‖ tag 16 ‖ ciphertext)&lt;/encryptedKey&gt;</c>.
/// </summary>
internal sealed class MasterKeyXmlEncryptor(IServiceProvider services) : IXmlEncryptor
{
    internal const string ElementName = "encryptedKey";
    internal const int NonceSize = 12;
    internal const int TagSize = 16;

    // Binds the ciphertext to this use: a value encrypted for another purpose does not decrypt here.
    internal static readonly byte[] AssociatedData = "iessbot/data-protection-keys/v1"u8.ToArray();

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var protector = services.GetRequiredService<PersonalDataProtector>();
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        try
        {
            using var aes = new AesGcm(protector.DataProtectionKeysKey, TagSize);
            aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), AssociatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
        var element = new XElement(
            ElementName,
            new XComment(" AES-256-GCM with a key derived from Storage:EncryptionKey "),
            new XAttribute("keyId", protector.KeyId),
            Convert.ToBase64String(output));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>Reverses <see cref="MasterKeyXmlEncryptor"/>; created by Data Protection from the type name stored with each key.</summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var protector = services.GetRequiredService<PersonalDataProtector>();
        if (encryptedElement.Name != MasterKeyXmlEncryptor.ElementName)
        {
            throw new CryptographicException($"The element '{encryptedElement.Name}' is not a key encrypted by IessBot.");
        }
        if ((string?)encryptedElement.Attribute("keyId") is { } keyId && keyId != protector.KeyId)
        {
            throw new CryptographicException($"The data protection key was encrypted with another Storage:EncryptionKey (id {keyId}).");
        }
        var input = Convert.FromBase64String(encryptedElement.Value);
        if (input.Length < MasterKeyXmlEncryptor.NonceSize + MasterKeyXmlEncryptor.TagSize)
        {
            throw new CryptographicException("The encrypted data protection key is truncated.");
        }
        var plaintext = new byte[input.Length - MasterKeyXmlEncryptor.NonceSize - MasterKeyXmlEncryptor.TagSize];
        try
        {
            using var aes = new AesGcm(protector.DataProtectionKeysKey, MasterKeyXmlEncryptor.TagSize);
            aes.Decrypt(
                input.AsSpan(0, MasterKeyXmlEncryptor.NonceSize),
                input.AsSpan(MasterKeyXmlEncryptor.NonceSize + MasterKeyXmlEncryptor.TagSize),
                input.AsSpan(MasterKeyXmlEncryptor.NonceSize, MasterKeyXmlEncryptor.TagSize),
                plaintext,
                MasterKeyXmlEncryptor.AssociatedData);
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
