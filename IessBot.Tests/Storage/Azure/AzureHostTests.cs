using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Notifications;
using IessBot.Tests.EndToEnd;
using IessBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace IessBot.Tests.Storage.Azure;

/// <summary>The real app with <c>Storage:Provider = Azure</c> on the stand-ins.</summary>
[Collection(AzureStandInsCollection.Name)]
public sealed class AzureHostTests(AzureStandInsFixture fixture)
{
    private readonly AzureStandIns _standIns = fixture.StandIns;
    private readonly string _database = "host-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private readonly string _evidence = "evidence-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Healthz_is_ready_on_azure_and_the_start_up_log_names_the_storage_without_its_keys()
    {
        var logs = new LogCapture();
        await using var host = await TestBotHost.StartAsync(_standIns.AppSettings(_database, _evidence, _key), configure: b => b.Logging.AddProvider(logs));
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("Azure", body.RootElement.GetProperty("storage").GetString());
        var active = Assert.Single(logs.Entries, e => e.Message.StartsWith("Storage provider Azure is active at Cosmos DB 127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains($"database '{_database}'", active.Message, StringComparison.Ordinal);
        Assert.Contains($"container '{_evidence}'", active.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(AzureStandIns.AzuriteAccountKey, StringComparison.Ordinal)
            || e.Message.Contains(AzureStandIns.CosmosEmulatorKey, StringComparison.Ordinal) || e.Message.Contains(_key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_azure_the_self_hosted_direct_line_is_off_and_says_so_while_api_messages_serves()
    {
        var logs = new LogCapture();
        await using var host = await TestBotHost.StartAsync(_standIns.AppSettings(_database, _evidence, _key), configure: b => b.Logging.AddProvider(logs));
        using var client = host.CreateClient();

        using var token = await client.PostAsync("/api/directline/token", null);
        using var start = await client.PostAsync("/v3/directline/conversations", null);

        Assert.Equal(HttpStatusCode.NotFound, token.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
        Assert.Contains(logs.Entries, e => e.Message.StartsWith("Channel off: self-hosted Direct Line", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.StartsWith("Channel active: Bot Framework", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Healthz_is_unavailable_when_the_evidence_container_is_gone()
    {
        await using var host = await TestBotHost.StartAsync(_standIns.AppSettings(_database, _evidence, _key));
        await new BlobServiceClient(_standIns.BlobConnectionString).GetBlobContainerClient(_evidence).DeleteAsync();
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Without_create_resources_a_missing_container_stops_the_start_and_says_what_to_do()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => TestBotHost.StartAsync(_standIns.AppSettings(_database, _evidence, _key, createResources: false)));

        Assert.Contains($"'{_database}/conversations' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("deploymentTemplates/main.bicep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filing_on_azure_costs_one_state_read_and_one_state_write_per_turn()
    {
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync(_standIns.AppSettings(_database, _evidence, _key));
        using var emulator = new EmulatorClient(host, connector);
        var before = await _standIns.CosmosRequestsAsync();

        var turns = 1;
        IReadOnlyList<Activity> replies = await emulator.StartAsync();
        foreach (var answer in EmulatorFilingScript.Answers(CaseType.Denuncia))
        {
            replies = await emulator.SayAsync(answer);
            turns++;
        }

        var after = await _standIns.CosmosRequestsAsync();
        int Delta(string container, string operation) =>
            after.Count(_database, container, operation) - before.Count(_database, container, operation);
        Assert.Equal(turns, Delta("conversations", "read"));
        Assert.Equal(turns, Delta("conversations", "create") + Delta("conversations", "replace"));
        Assert.Equal(1, Delta("conversations", "create"));
        Assert.Equal(2 * turns, after.Total(_database, "conversations") - before.Total(_database, "conversations"));
        Assert.Equal(1, Delta("cases", "create"));
        var caseNumber = replies.Select(r => EmulatorFilingScript.FindCaseNumber(r.Text)).First(n => n is not null);
        var stored = await host.Services.GetRequiredService<ICaseStore>().GetAsync(caseNumber!, default);
        Assert.Equal(EmulatorFilingScript.Cedula, stored?.Cedula);
    }

    [Fact]
    public async Task A_confirmation_queued_in_the_case_document_is_sent_once_by_two_instances_dispatching_at_once()
    {
        var settings = new Dictionary<string, string?>(_standIns.AppSettings(_database, _evidence, _key)) { ["Notifications:PollInterval"] = "00:00:00.100" };
        await using var first = await TestBotHost.StartAsync(settings);
        await using var second = await TestBotHost.StartAsync(settings);

        var filed = await first.Services.GetRequiredService<CaseConfirmations>().FileAsync(EmbeddedStorage.SampleCase(), default);

        var outbox = second.Services.GetRequiredService<IOutbox>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await outbox.ListAsync(OutboxState.Sent, 10, default)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        await Task.Delay(500);
        var sent = Assert.Single(await outbox.ListAsync(OutboxState.Sent, 10, default));
        Assert.Equal((filed.CaseNumber, 1), (sent.CaseNumber, sent.Attempts));
        Assert.Empty(await outbox.ListAsync(OutboxState.Pending, 10, default));
        var files = new[] { first, second }
            .Select(host => Path.Combine(host.DataDirectory, PickupDirectoryMailTransport.FolderName))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.eml"))
            .ToList();
        Assert.Equal($"{filed.CaseNumber}.confirmacion_iess.gob.ec.eml", Path.GetFileName(Assert.Single(files)));
        AssertSameCase(filed, await second.Services.GetRequiredService<ICaseStore>().GetAsync(filed.CaseNumber, default));
    }

    private static void AssertSameCase(FiledCase expected, FiledCase? actual)
    {
        Assert.NotNull(actual);
        CaseStoreContract.AssertSameCase(expected, actual);
    }
}
