using System.Security.Cryptography;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Tests.EndToEnd;
using IessBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace IessBot.Tests.Storage.Azure;

/// <summary>
/// Scale-out (DESIGN.md "How a turn runs"): two IessBot instances on different ports share the same Cosmos DB and
/// Blob Storage, as behind a load balancer with no session affinity. Turns of one conversation may reach either
/// instance, and two of them may arrive at both at once; the ETag on the conversation state serialises them.
/// </summary>
[Collection(AzureStandInsCollection.Name)]
public sealed class TwoInstancesTests(AzureStandInsFixture fixture) : IAsyncLifetime
{
    private const string FiledText = "fue registrada con el número";
    private readonly string _database = "scale-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private readonly string _evidence = "evidence-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
    private readonly string _key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly LogCapture _logs = new();
    private EmulatorConnector _connector = null!;
    private TestBotHost _first = null!;
    private TestBotHost _second = null!;

    public async Task InitializeAsync()
    {
        _connector = await EmulatorConnector.StartAsync();
        var settings = fixture.StandIns.AppSettings(_database, _evidence, _key);
        _first = await TestBotHost.StartAsync(settings, configure: b => b.Logging.AddProvider(_logs));
        _second = await TestBotHost.StartAsync(settings, configure: b => b.Logging.AddProvider(_logs));
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task A_filing_alternating_between_instances_whose_confirmation_reaches_both_at_once_files_one_case_and_answers_once()
    {
        Assert.NotEqual(_first.BaseAddress.Port, _second.BaseAddress.Port);
        using var onFirst = new EmulatorClient(_first, _connector);
        using var onSecond = new EmulatorClient(_second, _connector, onFirst.Conversation);
        var answers = EmulatorFilingScript.Answers(CaseType.Denuncia);

        await AlternateAsync(onFirst, onSecond, answers.SkipLast(1));
        // A channel's retry of the same activity lands on the other instance while the first delivery is still running.
        var confirmation = onFirst.Conversation.Message(answers[^1]);
        await Task.WhenAll(onFirst.SendAsync(confirmation), onSecond.SendAsync(confirmation));

        // One delivery ran the turn; the other found the activity id already processed (at once, or after losing the
        // ETag race and running again on fresh state), so the replies to it went out once.
        Assert.Contains(Replies(onFirst.Conversation), r => r.ReplyToId == confirmation.Id);
        Assert.Single(_logs.Entries, e => e.Message.Contains("was already processed", StringComparison.Ordinal));
        var caseNumber = AssertFiledOnce(onFirst.Conversation);
        AssertNoReplySentTwice(onFirst.Conversation);
        Assert.Equal(caseNumber, await SingleStoredCaseAsync());
    }

    [Fact]
    public async Task Two_different_confirmations_at_both_instances_at_once_are_both_answered_in_turn_and_file_one_case()
    {
        using var onFirst = new EmulatorClient(_first, _connector);
        using var onSecond = new EmulatorClient(_second, _connector, onFirst.Conversation);
        var answers = EmulatorFilingScript.Answers(CaseType.Queja);

        await AlternateAsync(onFirst, onSecond, answers.SkipLast(1));
        // A double tap on "Confirmar": two messages with their own ids, one to each instance.
        var outcomes = await Task.WhenAll(onFirst.SayAsync(answers[^1]), onSecond.SayAsync(answers[^1]));

        Assert.All(outcomes, replies => Assert.NotEmpty(replies));
        var caseNumber = AssertFiledOnce(onFirst.Conversation);
        AssertNoReplySentTwice(onFirst.Conversation);
        Assert.Equal(caseNumber, await SingleStoredCaseAsync());

        // The conversation goes on normally afterwards, on either instance.
        var menu = await onSecond.SayAsync("Ayuda");
        Assert.NotEmpty(menu);
    }

    private static async Task AlternateAsync(EmulatorClient first, EmulatorClient second, IEnumerable<string> answers)
    {
        Assert.NotEmpty(await first.StartAsync());
        var turn = 0;
        foreach (var answer in answers)
        {
            var replies = await (turn++ % 2 == 0 ? second : first).SayAsync(answer);
            Assert.NotEmpty(replies);
        }
    }

    private string AssertFiledOnce(EmulatorConversation conversation)
    {
        var filed = Assert.Single(Replies(conversation), r => r.Text?.Contains(FiledText, StringComparison.Ordinal) == true);
        return EmulatorFilingScript.FindCaseNumber(filed.Text) ?? throw new Xunit.Sdk.XunitException("The filing reply has no case number.");
    }

    private void AssertNoReplySentTwice(EmulatorConversation conversation)
    {
        var repeated = Replies(conversation).GroupBy(r => (r.ReplyToId, r.Text)).Where(g => g.Count() > 1).Select(g => g.Key.Text).ToList();
        Assert.Empty(repeated);
    }

    private IEnumerable<Activity> Replies(EmulatorConversation conversation) =>
        _connector.Requests.Where(r => r.ConversationId == conversation.ConversationId).Select(r => r.Activity);

    private async Task<string> SingleStoredCaseAsync()
    {
        // Both instances see the same store; a fresh client on the first reads what either wrote.
        var page = await _first.Services.GetRequiredService<ICaseStore>().QueryAsync(new CaseQuery(), default);
        return Assert.Single(page.Cases).CaseNumber;
    }
}
