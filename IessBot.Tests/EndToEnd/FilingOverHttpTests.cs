using System.Text;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace IessBot.Tests.EndToEnd;

/// <summary>
/// The whole app over real HTTP on loopback, driven as the Bot Framework Emulator drives it: a conversationUpdate
/// with a <c>|livechat</c> conversation id, then the citizen's messages; the replies arrive at an Emulator-shaped
/// Connector server. Embedded storage (SQLite + folder) in a temporary data directory, encryption on.
/// </summary>
public class FilingOverHttpTests
{
    [Theory]
    [InlineData(CaseType.Queja, 'Q')]
    [InlineData(CaseType.Denuncia, 'D')]
    public async Task An_Emulator_files_a_case_to_the_end_and_gets_its_number(CaseType type, char prefix)
    {
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync();
        using var emulator = new EmulatorClient(host, connector);

        var welcome = await emulator.StartAsync();
        Assert.Contains(welcome, reply => reply.SuggestedActions?.Actions.Any(a => a.Title == "Registrar queja") == true);

        IReadOnlyList<Activity> replies = [];
        foreach (var answer in EmulatorFilingScript.Answers(type))
        {
            replies = await emulator.SayAsync(answer);
            Assert.NotEmpty(replies);
        }

        var caseNumber = replies.Select(r => EmulatorFilingScript.FindCaseNumber(r.Text)).FirstOrDefault(n => n is not null);
        Assert.NotNull(caseNumber);
        Assert.Equal(prefix, caseNumber[0]);

        var stored = await host.Services.GetRequiredService<ICaseStore>().GetAsync(caseNumber, default);
        Assert.NotNull(stored);
        Assert.Equal(type, stored.Type);
        Assert.Equal(EmulatorFilingScript.Cedula, stored.Cedula);
        Assert.Equal(EmulatorFilingScript.PhoneE164, stored.Phone);
        Assert.Equal(EmulatorFilingScript.Email, stored.Email);
        Assert.Equal("1701", stored.Address.CantonCode);
        Assert.Equal(Channels.Emulator, stored.ChannelId);
    }

    [Fact]
    public async Task Replies_reach_the_Emulator_routes_addressed_back_to_the_citizen()
    {
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync();
        using var emulator = new EmulatorClient(host, connector);
        var conversation = emulator.Conversation;

        await emulator.StartAsync();
        var message = conversation.Message("Registrar queja");
        await emulator.SendAsync(message);

        Assert.NotEmpty(connector.Requests);
        foreach (var request in connector.Requests)
        {
            Assert.Equal(conversation.ConversationId, request.ConversationId);
            Assert.Contains("%7Clivechat", request.RawTarget, StringComparison.Ordinal);
            Assert.Equal(conversation.Bot.Id, request.Activity.From?.Id);
            Assert.Equal(conversation.User.Id, request.Activity.Recipient?.Id);
            Assert.Equal(conversation.ConversationId, request.Activity.Conversation?.Id);
            Assert.Equal(Channels.Emulator, request.Activity.ChannelId);
        }
        var toMessage = connector.Requests.Where(r => r.Activity.ReplyToId == message.Id).ToList();
        Assert.NotEmpty(toMessage);
        Assert.All(toMessage, r => Assert.Equal(message.Id, r.ActivityId));
    }

    [Fact]
    public async Task After_a_restart_the_conversation_continues_at_the_same_step()
    {
        await using var connector = await EmulatorConnector.StartAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("iessbot-restart-").FullName;
        var conversation = connector.StartConversation();
        var answers = EmulatorFilingScript.Answers(CaseType.Queja);
        const int answeredBeforeRestart = 6; // menu, category, consent, cédula, phone, e-mail: the province is asked next
        try
        {
            IReadOnlyList<Activity> lastBeforeRestart;
            var first = await TestBotHost.StartAsync(dataDirectory: dataDirectory);
            using (var emulator = new EmulatorClient(first, connector, conversation))
            {
                await emulator.StartAsync();
                lastBeforeRestart = [];
                foreach (var answer in answers.Take(answeredBeforeRestart))
                {
                    lastBeforeRestart = await emulator.SayAsync(answer);
                }
            }
            await first.StopAsync();
            Assert.Contains(lastBeforeRestart, r => r.Text?.Contains("provincia", StringComparison.OrdinalIgnoreCase) == true);

            await using var second = await TestBotHost.StartAsync(dataDirectory: dataDirectory);
            using var resumed = new EmulatorClient(second, connector, conversation);
            IReadOnlyList<Activity> replies = [];
            foreach (var answer in answers.Skip(answeredBeforeRestart))
            {
                replies = await resumed.SayAsync(answer);
            }
            Assert.Contains(replies, r => EmulatorFilingScript.FindCaseNumber(r.Text) is not null);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task The_raw_database_holds_no_cedula_phone_or_email_in_clear()
    {
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync();
        using var emulator = new EmulatorClient(host, connector);
        await emulator.StartAsync();
        // Stop half-way too, so a filing in progress (conversation state) is on disk as well as the filed case.
        foreach (var answer in EmulatorFilingScript.Answers(CaseType.Denuncia))
        {
            await emulator.SayAsync(answer);
        }
        using var second = new EmulatorClient(host, connector);
        await second.StartAsync();
        foreach (var answer in EmulatorFilingScript.Answers(CaseType.Queja).Take(10))
        {
            await second.SayAsync(answer);
        }

        var files = Directory.EnumerateFiles(host.DataDirectory, "iessbot.db*").ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = ReadShared(file);
            foreach (var value in new[] { EmulatorFilingScript.Cedula, EmulatorFilingScript.PhoneE164, "991234567", EmulatorFilingScript.Email, EmulatorFilingScript.Description })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) < 0, $"'{value}' found in clear in {Path.GetFileName(file)}");
            }
        }
    }

    [Fact]
    public async Task The_logs_of_a_full_filing_contain_none_of_the_values_typed()
    {
        var logs = new LogCapture();
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft"] = "Trace" },
            configure: b => b.Logging.AddProvider(logs));
        using var emulator = new EmulatorClient(host, connector);

        await emulator.StartAsync();
        foreach (var answer in EmulatorFilingScript.Answers(CaseType.Queja))
        {
            await emulator.SayAsync(answer);
        }

        Assert.NotEmpty(logs.Entries);
        Assert.Contains(logs.Entries, e => e.Message.Contains("Turn message done", StringComparison.Ordinal));
        foreach (var value in EmulatorFilingScript.PersonalValues)
        {
            Assert.False(logs.Contains(value), $"a log entry contains '{value}'");
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
