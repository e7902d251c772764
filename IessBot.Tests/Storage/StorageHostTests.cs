using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using IessBot.Storage;
using IessBot.Storage.Embedded;
using IessBot.Tests.Infrastructure;
using IessBot.Turns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.Storage;

public sealed class StorageHostTests
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Healthz_is_ready_with_the_embedded_storage()
    {
        await using var host = await TestBotHost.StartAsync();
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/healthz", _ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct));
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Embedded", body.RootElement.GetProperty("storage").GetString());
    }

    [Fact]
    public async Task Healthz_is_unavailable_when_the_database_cannot_be_queried()
    {
        await using var host = await TestBotHost.StartAsync();
        var database = host.Services.GetRequiredService<SqliteDatabase>();
        database.CloseIdleConnections();
        File.Delete(database.FilePath + "-wal");
        File.Delete(database.FilePath + "-shm");
        File.WriteAllBytes(database.FilePath, RandomNumberGenerator.GetBytes(8192));
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/healthz", _ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_ct));
        Assert.Equal("unavailable", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_first_start_creates_the_data_directory_database_and_development_key_and_the_second_reuses_the_key()
    {
        var root = Directory.CreateTempSubdirectory("iessbot-restart-").FullName;
        var dataDirectory = Path.Combine(root, "nested", "data");
        var keyPath = Path.Combine(dataDirectory, "keys", "development.key");
        try
        {
            var first = await TestBotHost.StartAsync(dataDirectory: dataDirectory);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "iessbot.db")));
            Assert.True(Directory.Exists(Path.Combine(dataDirectory, "evidence")));
            var key = File.ReadAllText(keyPath);
            Assert.Equal(32, Convert.FromBase64String(key).Length);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
            }
            await first.Services.GetRequiredService<IConversationStateStore>().WriteAsync("k", """{"paso":"cedula"}""", null, _ct);
            await first.StopAsync();

            await using var second = await TestBotHost.StartAsync(dataDirectory: dataDirectory);

            Assert.Equal(key, File.ReadAllText(keyPath));
            var state = await second.Services.GetRequiredService<IConversationStateStore>().ReadAsync("k", _ct);
            Assert.Equal("""{"paso":"cedula"}""", state?.Document);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_development_key_is_announced_with_a_warning_that_does_not_contain_it()
    {
        var logs = new LogCapture();
        await using var host = await TestBotHost.StartAsync(configure: b => b.Logging.AddProvider(logs));
        var key = File.ReadAllText(Path.Combine(host.DataDirectory, "keys", "development.key"));

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("DEVELOPMENT key", StringComparison.Ordinal));

        Assert.Contains("Storage:EncryptionKey", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(key, StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("Storage provider Embedded is active at " + host.DataDirectory, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_configured_key_is_used_and_no_development_key_is_created()
    {
        var logs = new LogCapture();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        await using var host = await TestBotHost.StartAsync(
            new Dictionary<string, string?> { ["Storage:EncryptionKey"] = key }, configure: b => b.Logging.AddProvider(logs));

        Assert.False(Directory.Exists(Path.Combine(host.DataDirectory, "keys")));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning && e.Category.StartsWith("IessBot.Storage", StringComparison.Ordinal));
        using var expected = new PersonalDataProtector(Convert.FromBase64String(key));
        Assert.Equal(expected.KeyId, host.Services.GetRequiredService<PersonalDataProtector>().KeyId);
    }

    [Theory]
    [InlineData("c2hvcnQ=", "must be 32 bytes")]
    [InlineData("not base64 at all!", "is not valid base64")]
    public async Task A_configured_key_that_is_not_32_bytes_of_base64_stops_the_start(string key, string reason)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("iessbot-badkey-").FullName;
        await using var app = Program.Build(
            ["--urls=http://127.0.0.1:0", $"--Storage:Embedded:DataDirectory={dataDirectory}", $"--Storage:EncryptionKey={key}"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(_ct));

        Assert.Contains("Storage:EncryptionKey " + reason, error.Message, StringComparison.Ordinal);
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task The_azure_provider_without_its_settings_is_refused_at_start_with_what_to_set()
    {
        await using var app = Program.Build(["--urls=http://127.0.0.1:0", "--Storage:Provider=Azure"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(_ct));

        Assert.Contains("Storage:EncryptionKey is required with the Azure provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Azure:CosmosConnectionString (development) or Storage:Azure:CosmosEndpoint (managed identity)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Azure:BlobConnectionString (development) or Storage:Azure:BlobServiceUri (managed identity)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_azure_provider_refuses_both_a_connection_string_and_an_endpoint_and_a_bad_container_name()
    {
        await using var app = Program.Build([
            "--urls=http://127.0.0.1:0", "--Storage:Provider=Azure", $"--Storage:EncryptionKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
            "--Storage:Azure:CosmosConnectionString=AccountEndpoint=https://a.documents.azure.com:443/;AccountKey=a2V5",
            "--Storage:Azure:CosmosEndpoint=https://a.documents.azure.com:443/",
            "--Storage:Azure:BlobServiceUri=https://a.blob.core.windows.net", "--Storage:Azure:EvidenceContainer=Evidence_Files"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(_ct));

        Assert.Contains("Set exactly one of Storage:Azure:CosmosConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Azure:EvidenceContainer must be 3-63 lower-case letters", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BlobConnectionString (development)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_provider_is_refused_at_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Program.Build(["--Storage:Provider=Dropbox"]));

        Assert.Contains("'Dropbox' is not known", error.Message, StringComparison.Ordinal);
    }
}
