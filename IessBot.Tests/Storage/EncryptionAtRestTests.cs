using System.Text;
using IessBot.Storage.Embedded;

namespace IessBot.Tests.Storage;

public sealed class EncryptionAtRestTests : IDisposable
{
    private const string Cedula = "1710034065";
    private const string Phone = "593991234567";
    private const string Email = "maria.perez@example.ec";
    private const string Street = "Av. Amazonas N34-120";

    private readonly EmbeddedStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Personal_data_is_not_in_clear_in_the_database_file_or_its_wal()
    {
        await WritePersonalDataAsync();
        var databasePath = _storage.Database.FilePath;
        var walPath = databasePath + "-wal";

        var database = ReadShared(databasePath);
        var wal = ReadShared(walPath);

        Assert.True(wal.Length > 0, "the writes should still be in the WAL while connections are open");
        // The search itself works: the queryable columns are in clear.
        Assert.True(Contains(wal, "tiempos-de-espera") || Contains(database, "tiempos-de-espera"));
        AssertNoPersonalData(database, "database");
        AssertNoPersonalData(wal, "WAL");
    }

    [Fact]
    public async Task Personal_data_is_not_in_clear_after_the_wal_is_checkpointed_into_the_database()
    {
        await WritePersonalDataAsync();

        _storage.Database.CloseIdleConnections();
        var database = ReadShared(_storage.Database.FilePath);

        Assert.True(Contains(database, "tiempos-de-espera"));
        AssertNoPersonalData(database, "database");
    }

    [Fact]
    public async Task Evidence_files_are_not_in_clear_on_disk()
    {
        var content = Encoding.UTF8.GetBytes($"%PDF-1.7 certificado de {Cedula} {Email} " + new string('x', 200_000));

        var stored = await _storage.Evidence.SaveAsync(new MemoryStream(content), "application/pdf", 1_000_000, CancellationToken.None);

        var onDisk = File.ReadAllBytes(Path.Combine(_storage.Evidence.Directory, stored.EvidenceId));
        Assert.False(Contains(onDisk, "%PDF"));
        Assert.False(Contains(onDisk, Cedula));
        Assert.False(Contains(onDisk, Email));
        Assert.False(Contains(onDisk, "xxxxxxxxxxxxxxxx"));
    }

    private async Task WritePersonalDataAsync()
    {
        await _storage.Cases.CreateAsync(EmbeddedStorage.SampleCase(cedula: Cedula, phone: "+" + Phone, email: Email), CancellationToken.None);
        // WhatsApp conversation ids are phone numbers: the state key must not appear either.
        var document = System.Text.Json.JsonSerializer.Serialize(new
        {
            properties = new { filing = new { cedula = Cedula, phone = "+" + Phone, email = Email, street = Street } },
        });
        await _storage.States.WriteAsync($"whatsapp/conversations/{Phone}", document, null, CancellationToken.None);
    }

    private static void AssertNoPersonalData(byte[] bytes, string where)
    {
        foreach (var value in new[] { Cedula, Phone, Email, Street, "Carlos Andrade", "foto-turno.png" })
        {
            Assert.False(Contains(bytes, value), $"'{value}' was found in clear in the {where}");
        }
    }

    private static bool Contains(byte[] haystack, string value) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0;

    private static byte[] ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new MemoryStream();
        file.CopyTo(bytes);
        return bytes.ToArray();
    }
}
