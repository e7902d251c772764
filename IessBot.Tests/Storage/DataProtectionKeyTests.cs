using System.Net;
using System.Security.Cryptography;
using IessBot.Cases;
using IessBot.Staff;
using IessBot.Storage;
using IessBot.Storage.Embedded;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Staff.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.Storage;

/// <summary>
/// The staff console's cookies are protected by ASP.NET Core Data Protection, whose key ring the embedded provider keeps
/// under the data directory, each key encrypted with the master key.
/// </summary>
public sealed class DataProtectionKeyTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("iessbot-dpkeys-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task A_session_cookie_issued_by_one_instance_is_accepted_by_another_on_the_same_data_directory()
    {
        await using var first = await TestBotHost.StartAsync(dataDirectory: _dataDirectory);
        using var browser = await StaffBrowser.SignInAsync(first, "ana.salud", StaffRoles.QuejasSalud);
        await using var second = await TestBotHost.StartAsync(dataDirectory: _dataDirectory);
        using var onSecond = ClientWithCookies(second, browser);

        using var response = await onSecond.GetAsync("/staff");

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/staff on the second instance answered {(int)response.StatusCode} {response.Headers.Location}");
        // The ring both used is the data directory's, not the machine-wide default (~/.aspnet/DataProtection-Keys).
        var ring = Assert.IsType<LazyXmlRepository>(second.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        var repository = Assert.IsType<FileSystemXmlRepository>(ring.Inner);
        Assert.Equal(Path.GetFullPath(KeyFolder()), repository.Directory.FullName);
        Assert.NotEmpty(Directory.GetFiles(KeyFolder(), "key-*.xml"));
    }

    [Fact]
    public async Task The_stored_key_ring_holds_each_key_encrypted_with_the_master_key_only()
    {
        await using (var host = await TestBotHost.StartAsync(dataDirectory: _dataDirectory))
        {
            using var browser = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud);
        }

        var files = Directory.GetFiles(KeyFolder(), "*.xml");
        Assert.NotEmpty(files);
        foreach (var xml in files.Select(File.ReadAllText))
        {
            Assert.Contains("<key ", xml, StringComparison.Ordinal);
            Assert.Contains($"<{MasterKeyXmlEncryptor.ElementName} ", xml, StringComparison.Ordinal);
            Assert.Contains(typeof(MasterKeyXmlDecryptor).FullName!, xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_instance_with_another_encryption_key_cannot_read_the_ring_and_sends_the_cookie_to_sign_in()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var first = await TestBotHost.StartAsync(new Dictionary<string, string?> { ["Storage:EncryptionKey"] = key }, _dataDirectory);
        using var browser = await StaffBrowser.SignInAsync(first, "ana.salud", StaffRoles.QuejasSalud);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var logs = new LogCapture();
        await using var other = await TestBotHost.StartAsync(
            new Dictionary<string, string?> { ["Storage:EncryptionKey"] = otherKey }, _dataDirectory, b => b.Logging.AddProvider(logs));
        using var onOther = ClientWithCookies(other, browser);

        using var response = await onOther.GetAsync("/staff");
        using var signIn = await onOther.GetAsync(StaffAuthentication.SignInPath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith(StaffAuthentication.SignInPath, location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains(logs.Entries, e => e.Exception is CryptographicException || e.Exception?.InnerException is CryptographicException);
    }

    private string KeyFolder() =>
        Path.Combine(_dataDirectory, EmbeddedStorageExtensions.DataProtectionKeyFolder);

    /// <summary>The same browser (its cookie container) talking to another instance, as behind a load balancer.</summary>
    internal static HttpClient ClientWithCookies(TestBotHost host, StaffBrowser browser) =>
        new(new HttpClientHandler { CookieContainer = browser.Cookies, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
}
