using System.Security.Cryptography;
using System.Text;
using IessBot.Storage;

namespace IessBot.Tests.Storage;

public sealed class PersonalDataProtectorTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(PersonalDataProtector.KeySize);
    private readonly PersonalDataProtector _protector = new(Key);

    [Fact]
    public void A_protected_value_round_trips_and_does_not_contain_the_plaintext()
    {
        var plaintext = Encoding.UTF8.GetBytes("cédula 1710034065");

        var protectedValue = _protector.Protect(plaintext, "Q-7K3M-9XQ2-HT"u8);

        Assert.Equal(plaintext, _protector.Unprotect(protectedValue, "Q-7K3M-9XQ2-HT"u8));
        Assert.Equal(-1, protectedValue.AsSpan().IndexOf("1710034065"u8));
        Assert.Equal(PersonalDataProtector.FormatVersion, protectedValue[0]);
    }

    [Fact]
    public void The_same_value_encrypts_differently_every_time()
    {
        Assert.NotEqual(_protector.Protect("igual"u8, []), _protector.Protect("igual"u8, []));
    }

    [Fact]
    public void Any_altered_byte_is_detected()
    {
        var protectedValue = _protector.Protect("0991234567"u8, "k"u8);

        for (var i = 0; i < protectedValue.Length; i++)
        {
            var tampered = (byte[])protectedValue.Clone();
            tampered[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(tampered, "k"u8));
        }
    }

    [Fact]
    public void A_value_moved_to_another_row_does_not_decrypt()
    {
        var protectedValue = _protector.Protect("maria@example.ec"u8, "Q-AAAA-AAAA-A1"u8);

        Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(protectedValue, "Q-BBBB-BBBB-B1"u8));
    }

    [Fact]
    public void A_value_from_another_key_is_refused_by_its_key_id()
    {
        using var other = new PersonalDataProtector(RandomNumberGenerator.GetBytes(PersonalDataProtector.KeySize));

        var exception = Assert.ThrowsAny<CryptographicException>(() => _protector.Unprotect(other.Protect("x"u8, []), []));

        Assert.Contains(other.KeyId, exception.Message, StringComparison.Ordinal);
        Assert.NotEqual(_protector.KeyId, other.KeyId);
    }

    [Fact]
    public void Text_values_round_trip_through_base64()
    {
        var protectedText = _protector.ProtectToBase64("Av. Amazonas N34-120", "case");

        Assert.Equal("Av. Amazonas N34-120", _protector.UnprotectFromBase64(protectedText, "case"));
    }

    [Fact]
    public void Blind_indexes_are_stable_keyed_and_separated_by_domain()
    {
        using var sameKey = new PersonalDataProtector(Key);
        using var otherKey = new PersonalDataProtector(RandomNumberGenerator.GetBytes(PersonalDataProtector.KeySize));

        var index = _protector.BlindIndex("cedula", "1710034065");

        Assert.Equal(32, index.Length);
        Assert.Equal(index, sameKey.BlindIndex("cedula", "1710034065"));
        Assert.NotEqual(index, otherKey.BlindIndex("cedula", "1710034065"));
        Assert.NotEqual(index, _protector.BlindIndex("phone", "1710034065"));
        Assert.NotEqual(index, _protector.BlindIndex("cedula", "1710034066"));
        // Not a plain hash: the index alone does not reveal the cédula to someone who hashes candidates.
        Assert.NotEqual(index, SHA256.HashData("1710034065"u8));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void A_master_key_of_the_wrong_length_is_refused(int length)
    {
        Assert.Throws<ArgumentException>(() => new PersonalDataProtector(new byte[length]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(3 * 65536)]
    [InlineData(200_000)]
    public async Task Encrypted_streams_round_trip_at_chunk_boundaries(int length)
    {
        var plaintext = RandomNumberGenerator.GetBytes(length);

        var encrypted = await EncryptAsync(plaintext);
        using var reader = _protector.CreateDecryptingReader(new MemoryStream(encrypted));
        var decrypted = new MemoryStream();
        await reader.CopyToAsync(decrypted);

        Assert.Equal(plaintext, decrypted.ToArray());
        if (length >= 16)
        {
            Assert.Equal(-1, encrypted.AsSpan().IndexOf(plaintext.AsSpan(0, 16)));
        }
    }

    [Fact]
    public async Task Readers_and_writers_that_share_pooled_buffers_keep_each_file_to_itself()
    {
        var first = RandomNumberGenerator.GetBytes(3 * 65536 + 7);
        var second = RandomNumberGenerator.GetBytes(65536 + 3);
        var encryptedFirst = await EncryptAsync(first);
        var encryptedSecond = await EncryptAsync(second);

        // The first file is left half read: its buffers go back to the pool and the next reader may get them.
        var halfRead = _protector.CreateDecryptingReader(new MemoryStream(encryptedFirst));
        await halfRead.ReadExactlyAsync(new byte[100_000]);
        await halfRead.DisposeAsync();
        using var reader = _protector.CreateDecryptingReader(new MemoryStream(encryptedSecond));
        var decrypted = new MemoryStream();
        await reader.CopyToAsync(decrypted);

        Assert.Equal(second, decrypted.ToArray());
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await halfRead.ReadExactlyAsync(new byte[10]));
        var writer = _protector.CreateEncryptingWriter(new MemoryStream());
        await writer.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await writer.WriteAsync(new byte[10], CancellationToken.None));
    }

    [Fact]
    public async Task An_encrypted_stream_cut_at_a_chunk_boundary_is_detected()
    {
        var encrypted = await EncryptAsync(RandomNumberGenerator.GetBytes(3 * 65536 + 100));
        var headerAndTwoChunks = 40 + 2 * (65536 + 16);

        using var reader = _protector.CreateDecryptingReader(new MemoryStream(encrypted[..headerAndTwoChunks]));

        await Assert.ThrowsAnyAsync<CryptographicException>(() => reader.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task An_altered_byte_in_an_encrypted_stream_is_detected()
    {
        var encrypted = await EncryptAsync(RandomNumberGenerator.GetBytes(100_000));
        encrypted[70_000] ^= 0x80;

        using var reader = _protector.CreateDecryptingReader(new MemoryStream(encrypted));

        Assert.ThrowsAny<CryptographicException>(() => reader.CopyTo(Stream.Null));
    }

    private async Task<byte[]> EncryptAsync(byte[] plaintext)
    {
        var output = new MemoryStream();
        await using (var writer = _protector.CreateEncryptingWriter(output))
        {
            // Uneven pieces, to cross chunk boundaries mid-write.
            for (var offset = 0; offset < plaintext.Length; offset += 10_007)
            {
                await writer.WriteAsync(plaintext.AsMemory(offset, Math.Min(10_007, plaintext.Length - offset)), CancellationToken.None);
            }
            await writer.CompleteAsync(CancellationToken.None);
        }
        return output.ToArray();
    }
}
