using System.Net;
using System.Security.Cryptography;
using System.Text;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.DirectLine;
using IessBot.Storage.Embedded;
using IessBot.Tests.EndToEnd;
using IessBot.Tests.Evidence;
using IessBot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IessBot.Tests.DirectLine;

/// <summary>
/// The IESS bot itself through Direct Line over real HTTP: a filing with uploads (accepted, cut off at the transport
/// limit, over the queja limit, not really a PDF), the activity log encrypted at rest, and its expiry.
/// </summary>
public class DirectLineFilingTests
{
    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["Evidence:MaxQuejaFileBytes"] = "16384",
        ["Evidence:MaxDenunciaFileBytes"] = "65536",
    };

    internal static byte[] Pdf(int length)
    {
        var bytes = new byte[length];
        RandomNumberGenerator.Fill(bytes);
        "%PDF-1.4\n"u8.CopyTo(bytes);
        return bytes;
    }

    [Fact]
    public async Task A_denuncia_with_uploads_gets_its_number_and_keeps_only_the_valid_file()
    {
        var logs = new LogCapture();
        await using var host = await TestBotHost.StartAsync(SmallLimits, configure: b => b.Logging.AddProvider(logs));
        using var client = await DirectLineTestClient.StartAsync(host);
        var welcome = await client.NewActivitiesAsync();
        Assert.Contains(welcome, a => a.SuggestedActions?.To?.Contains(client.UserId) == true);
        foreach (var answer in EmulatorFilingScript.Answers(CaseType.Denuncia).SkipLast(2))
        {
            Assert.NotEmpty(await client.SayAsync(answer));
        }

        var pdf = Pdf(40_000);
        var accepted = await UploadAsync(client, ("constancia.pdf", "application/pdf", new MemoryStream(pdf)));
        var cutOff = await UploadAsync(client, ("video.pdf", "application/pdf", new GeneratedStream(300_000, "%PDF-1.4\n"u8.ToArray())));
        var fake = await UploadAsync(client, ("factura.pdf", "application/pdf", new MemoryStream(Encoding.UTF8.GetBytes("esto no es un PDF, es texto"))));
        await client.SayAsync("Listo");
        var confirmation = await client.SayAsync("Confirmar");

        Assert.Contains(accepted, a => a.Text?.Contains("Archivo recibido (1 de", StringComparison.Ordinal) == true);
        Assert.Contains(cutOff, a => a.Text?.Contains("«video.pdf» pesa más de 64 KB", StringComparison.Ordinal) == true);
        Assert.Contains(fake, a => a.Text?.Contains("«factura.pdf» no es PDF, JPG ni PNG", StringComparison.Ordinal) == true);
        var caseNumber = confirmation.Select(a => EmulatorFilingScript.FindCaseNumber(a.Text)).First(n => n is not null)!;
        var filed = await host.Services.GetRequiredService<ICaseStore>().GetAsync(caseNumber, default);
        var evidence = Assert.Single(filed!.Evidence);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), evidence.Sha256);
        Assert.Equal("constancia.pdf", evidence.OriginalName);
        Assert.Equal(Channels.DirectLine, filed.ChannelId);
        foreach (var value in EmulatorFilingScript.PersonalValues.Concat(["constancia.pdf", "video.pdf", "factura.pdf", client.UserId]))
        {
            Assert.False(logs.Contains(value), $"the log contains personal data: {value}");
        }
    }

    [Fact]
    public async Task A_queja_file_over_its_own_limit_is_refused_by_the_filing_step()
    {
        await using var host = await TestBotHost.StartAsync(SmallLimits);
        using var client = await DirectLineTestClient.StartAsync(host);
        await client.NewActivitiesAsync();
        foreach (var answer in EmulatorFilingScript.Answers(CaseType.Queja).SkipLast(2))
        {
            await client.SayAsync(answer);
        }

        var replies = await UploadAsync(client, ("informe.pdf", "application/pdf", new MemoryStream(Pdf(30_000))));

        Assert.Contains(replies, a => a.Text?.Contains("«informe.pdf» pesa más de 16 KB", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_activity_log_is_encrypted_at_rest_and_a_reconnect_reads_it_back()
    {
        await using var host = await TestBotHost.StartAsync();
        using var client = await DirectLineTestClient.StartAsync(host);
        foreach (var answer in EmulatorFilingScript.Answers(CaseType.Queja).Take(6))
        {
            await client.SayAsync(answer);
        }

        host.Services.GetRequiredService<SqliteDatabase>().CloseIdleConnections();
        SqliteConnection.ClearAllPools();
        var database = await File.ReadAllBytesAsync(Path.Combine(host.DataDirectory, SqliteDatabase.FileName));
        var wal = Path.Combine(host.DataDirectory, SqliteDatabase.FileName + "-wal");
        var onDisk = Encoding.UTF8.GetString(database) + (File.Exists(wal) ? Encoding.UTF8.GetString(await File.ReadAllBytesAsync(wal)) : "");
        foreach (var value in EmulatorFilingScript.PersonalValues.Where(v => v is EmulatorFilingScript.Cedula or EmulatorFilingScript.Email))
        {
            Assert.DoesNotContain(value, onDisk, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(client.UserId, onDisk, StringComparison.Ordinal);

        using var again = await client.SendAsync(HttpMethod.Get, $"{client.ActivitiesPath}?watermark=", null);
        var history = await again.Content.ReadAsStringAsync();
        Assert.Contains(EmulatorFilingScript.Email, history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_log_is_deleted_with_its_uploads_and_reads_as_404()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestBotHost.StartAsync(
            new Dictionary<string, string?> { ["DirectLine:ActivityLogRetention"] = "00:20:00", ["DirectLine:CleanupInterval"] = "1.00:00:00" },
            configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        using var client = await DirectLineTestClient.StartAsync(host);
        await client.SayAsync("Registrar denuncia");
        await UploadAsync(client, ("a.pdf", "application/pdf", new MemoryStream(Pdf(1000))));
        var evidenceFolder = Path.Combine(host.DataDirectory, FileSystemEvidenceStore.FolderName);
        Assert.Single(Directory.GetFiles(evidenceFolder));
        var janitor = host.Services.GetRequiredService<ActivityLogJanitor>();

        clock.Advance(TimeSpan.FromMinutes(19));
        Assert.Equal(0, await janitor.SweepAsync(default));
        using var stillThere = await client.SendAsync(HttpMethod.Get, $"{client.ActivitiesPath}?watermark=", null);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await janitor.SweepAsync(default));
        using var gone = await client.SendAsync(HttpMethod.Get, $"{client.ActivitiesPath}?watermark=", null);
        await DirectLineInputTests.AssertErrorAsync(gone, HttpStatusCode.NotFound, "NotFound");
        Assert.Empty(Directory.GetFiles(evidenceFolder));
    }

    private static async Task<IReadOnlyList<Activity>> UploadAsync(DirectLineTestClient client, params (string Name, string ContentType, Stream Content)[] files)
    {
        using var response = await client.SendAsync(HttpMethod.Post, client.UploadPath, client.UploadContent(files));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await client.NewActivitiesAsync();
    }
}
