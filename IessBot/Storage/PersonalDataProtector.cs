using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace IessBot.Storage;

/// <summary>
/// Encrypts personal data at rest (DESIGN.md "Confidentiality") for every storage provider.
/// Values: AES-256-GCM with a random nonce, in a versioned format
/// <c>[version 1 byte][key id 4][nonce 12][tag 16][ciphertext]</c>; the associated data binds a value to its row,
/// so a ciphertext copied to another case or conversation does not decrypt.
/// Lookups: HMAC-SHA256 blind indexes. Files: chunked AES-GCM streams (<see cref="EncryptingStreamWriter"/>).
/// Each use has its own key derived from the master key with HKDF, so no key serves two purposes.
/// </summary>
public sealed class PersonalDataProtector : IDisposable
{
    public const int KeySize = 32;
    internal const byte FormatVersion = 1;
    internal const int KeyIdSize = 4;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal const int HeaderSize = 1 + KeyIdSize + NonceSize + TagSize;
    private const int PooledCiphers = 8;

    private readonly byte[] _valueKey;
    private readonly byte[] _indexKey;
    private readonly byte[] _fileKey;
    private readonly byte[] _keyId;
    private readonly AesGcm?[] _ciphers = new AesGcm?[PooledCiphers];

    public PersonalDataProtector(ReadOnlySpan<byte> masterKey)
    {
        if (masterKey.Length != KeySize)
        {
            throw new ArgumentException($"The master key must be {KeySize} bytes.", nameof(masterKey));
        }
        _valueKey = Derive(masterKey, "iessbot/values/aes-256-gcm/v1", KeySize);
        _indexKey = Derive(masterKey, "iessbot/blind-index/hmac-sha256/v1", KeySize);
        _fileKey = Derive(masterKey, "iessbot/files/aes-256-gcm/v1", KeySize);
        _keyId = Derive(masterKey, "iessbot/key-id/v1", KeyIdSize);
        AuditChainKey = Derive(masterKey, "iessbot/audit-chain/hmac-sha256/v1", KeySize);
        DataProtectionKeysKey = Derive(masterKey, "iessbot/data-protection-keys/aes-256-gcm/v1", KeySize);
    }

    /// <summary>The HMAC key of the staff audit chain (<see cref="Staff.AuditChain"/>), for every provider's audit trail.</summary>
    internal byte[] AuditChainKey { get; }

    /// <summary>The AES-GCM key of ASP.NET Core's key ring at rest (<see cref="DataProtectionKeys"/>), for every provider.</summary>
    internal byte[] DataProtectionKeysKey { get; }

    /// <summary>Identifies the master key without revealing it (stored in every ciphertext, for key rotation).</summary>
    public string KeyId => Convert.ToHexStringLower(_keyId);

    public byte[] Protect(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = FormatVersion;
        _keyId.CopyTo(output.AsSpan(1));
        var nonce = output.AsSpan(1 + KeyIdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        var tag = output.AsSpan(1 + KeyIdSize + NonceSize, TagSize);
        var cipher = RentCipher();
        try
        {
            cipher.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), tag, associatedData);
        }
        finally
        {
            ReturnCipher(cipher);
        }
        return output;
    }

    /// <summary>Decrypts a value of <see cref="Protect"/>. Throws <see cref="CryptographicException"/> when it was altered or belongs elsewhere.</summary>
    public byte[] Unprotect(ReadOnlySpan<byte> protectedData, ReadOnlySpan<byte> associatedData)
    {
        if (protectedData.Length < HeaderSize || protectedData[0] != FormatVersion)
        {
            throw new CryptographicException("The protected value is not in a known format.");
        }
        if (!protectedData.Slice(1, KeyIdSize).SequenceEqual(_keyId))
        {
            throw new CryptographicException($"The protected value was encrypted with another key (id {Convert.ToHexStringLower(protectedData.Slice(1, KeyIdSize))}).");
        }
        var plaintext = new byte[protectedData.Length - HeaderSize];
        var cipher = RentCipher();
        try
        {
            cipher.Decrypt(
                protectedData.Slice(1 + KeyIdSize, NonceSize),
                protectedData[HeaderSize..],
                protectedData.Slice(1 + KeyIdSize + NonceSize, TagSize),
                plaintext,
                associatedData);
        }
        finally
        {
            ReturnCipher(cipher);
        }
        return plaintext;
    }

    /// <summary>Text form for document stores (Cosmos DB): base64 of <see cref="Protect"/> over UTF-8.</summary>
    public string ProtectToBase64(string plaintext, string associatedData) =>
        Convert.ToBase64String(Protect(Encoding.UTF8.GetBytes(plaintext), Encoding.UTF8.GetBytes(associatedData)));

    public string UnprotectFromBase64(string protectedText, string associatedData) =>
        Encoding.UTF8.GetString(Unprotect(Convert.FromBase64String(protectedText), Encoding.UTF8.GetBytes(associatedData)));

    /// <summary>
    /// A keyed hash for equality lookups (e.g. by cédula) without storing the value. <paramref name="domain"/>
    /// separates uses, so equal values in two domains do not share an index. Callers normalise the value first.
    /// </summary>
    public byte[] BlindIndex(string domain, string value)
    {
        var length = Encoding.UTF8.GetByteCount(domain) + 1 + Encoding.UTF8.GetByteCount(value);
        byte[]? rented = null;
        var input = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            var written = Encoding.UTF8.GetBytes(domain, input);
            input[written++] = 0;
            Encoding.UTF8.GetBytes(value, input[written..]);
            return HMACSHA256.HashData(_indexKey, input);
        }
        finally
        {
            input.Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Starts an encrypted file on <paramref name="destination"/>; the caller writes the plaintext and completes it.</summary>
    public EncryptingStreamWriter CreateEncryptingWriter(Stream destination)
    {
        var salt = RandomNumberGenerator.GetBytes(EncryptedFileFormat.SaltSize);
        return new EncryptingStreamWriter(destination, _keyId, salt, FileKey(salt));
    }

    /// <summary>A read-only stream of the plaintext of a file written by <see cref="CreateEncryptingWriter"/>; tampering or truncation throws <see cref="CryptographicException"/>.</summary>
    public Stream CreateDecryptingReader(Stream source) =>
        new DecryptingStream(source, _keyId, FileKey);

    public void Dispose()
    {
        for (var i = 0; i < _ciphers.Length; i++)
        {
            Interlocked.Exchange(ref _ciphers[i], null)?.Dispose();
        }
    }

    private byte[] FileKey(byte[] salt) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _fileKey, KeySize, salt, "iessbot/file-chunks/v1"u8.ToArray());

    private static byte[] Derive(ReadOnlySpan<byte> masterKey, string purpose, int length)
    {
        var output = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, output, salt: [], info: Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    // AesGcm instances are not thread-safe and cost a key schedule to create: keep a few for the per-turn hot path.
    private AesGcm RentCipher()
    {
        for (var i = 0; i < _ciphers.Length; i++)
        {
            if (Interlocked.Exchange(ref _ciphers[i], null) is { } cipher)
            {
                return cipher;
            }
        }
        return new AesGcm(_valueKey, TagSize);
    }

    private void ReturnCipher(AesGcm cipher)
    {
        for (var i = 0; i < _ciphers.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _ciphers[i], cipher, null) is null)
            {
                return;
            }
        }
        cipher.Dispose();
    }
}
