using System.Net;
using System.Text.Json.Nodes;
using IessBot.Tests.Infrastructure;

namespace IessBot.Tests.BotFramework;

/// <summary>Turns of one conversation run one at a time, in order, with no lost state updates (DESIGN.md, "How a turn runs").</summary>
public sealed class MessagesOrderingTests : IAsyncLifetime
{
    private EmulatorConnector _connector = null!;
    private TestBotHost _host = null!;

    public async Task InitializeAsync()
    {
        _connector = await EmulatorConnector.StartAsync();
        _host = await BotHosts.StartAsync<SerialBot>();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Ten_concurrent_messages_to_one_conversation_run_one_at_a_time_without_lost_updates()
    {
        var conversation = _connector.StartConversation();
        var messages = Enumerable.Range(1, 10).Select(i => conversation.Message($"m{i}")).ToList();

        var responses = await Task.WhenAll(messages.Select(m => _host.PostActivityAsync(m)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bot = _host.Services.GetRequiredService<SerialBot>();
        Assert.Equal(0, bot.Overlaps);
        var order = bot.Order.ToList();
        Assert.Equal(10, order.Distinct().Count());
        Assert.Equal(messages.Select(m => m.Text).Order(), order.Order());

        // Replies reach the connector in the order the turns ran, each carrying the running count.
        var replies = _connector.Requests.Select(r => r.Activity.Text).ToList();
        Assert.Equal(order.Select((text, i) => $"{text}#{i + 1}"), replies);

        var state = _host.Services.GetRequiredService<InMemoryStateStore>().Items.Single().Value;
        Assert.Equal(10, JsonNode.Parse(state.Document)!["properties"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Different_conversations_keep_separate_state()
    {
        var first = _connector.StartConversation();
        var second = _connector.StartConversation();

        await Task.WhenAll(
            _host.PostActivityAsync(first.Message("a1")),
            _host.PostActivityAsync(second.Message("b1")),
            _host.PostActivityAsync(first.Message("a2")));

        var replies = _connector.Requests.Select(r => r.Activity.Text).ToHashSet();
        Assert.Contains("b1#1", replies);
        Assert.Equal(2, replies.Count(r => r!.StartsWith('a')));
        Assert.Contains(replies, r => r == "a1#2" || r == "a2#2");
    }
}
