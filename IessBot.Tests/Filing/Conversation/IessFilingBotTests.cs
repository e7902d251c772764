using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Filing.Texts;
using IessBot.Turns;

namespace IessBot.Tests.Filing.Conversation;

/// <summary>The bot as the turn pipeline calls it: one <see cref="ITurnContext"/> per activity, state carried between turns.</summary>
public sealed class IessFilingBotTests : IDisposable
{
    private readonly FilingHarness _harness = new();
    private JsonObject _state = [];

    public void Dispose() => _harness.Dispose();

    private async Task<IReadOnlyList<Activity>> TurnAsync(Activity activity)
    {
        var addressed = activity with
        {
            ChannelId = Channels.Webchat,
            ServiceUrl = "https://webchat.example",
            From = activity.From ?? new ChannelAccount { Id = "citizen" },
            Recipient = new ChannelAccount { Id = "iessbot" },
            Conversation = new ConversationAccount { Id = "conv-1" },
        };
        var turn = new TurnContext(addressed, _state, _harness.Time);
        await _harness.Get<IBot>().OnTurnAsync(turn, default);
        _state = JsonNode.Parse(_state.ToJsonString())!.AsObject();
        return turn.Replies;
    }

    private static Activity Joined(params string[] memberIds) => new()
    {
        Type = ActivityTypes.ConversationUpdate,
        MembersAdded = [.. memberIds.Select(id => new ChannelAccount { Id = id })],
    };

    [Fact]
    public async Task A_citizen_joining_is_welcomed_with_the_menu()
    {
        var replies = await TurnAsync(Joined("iessbot", "citizen"));

        var welcome = Assert.Single(replies);
        Assert.Equal(MenuTexts.Greeting, welcome.Text);
        Assert.Equal(MenuTexts.MenuOptions, welcome.SuggestedActions!.Actions!.Select(action => action.Value?.ToString()));
        Assert.Equal(["citizen"], welcome.SuggestedActions.To);
    }

    [Fact]
    public async Task The_bot_joining_alone_is_not_welcomed()
    {
        Assert.Empty(await TurnAsync(Joined("iessbot")));
    }

    [Theory]
    [InlineData(ActivityTypes.Typing)]
    [InlineData(ActivityTypes.Event)]
    [InlineData(ActivityTypes.DeleteUserData)]
    [InlineData("ping")]
    public async Task Other_activities_are_ignored(string type)
    {
        await TurnAsync(Joined("iessbot", "citizen"));
        var before = _state.ToJsonString();

        Assert.Empty(await TurnAsync(new Activity { Type = type }));
        Assert.Equal(before, _state.ToJsonString());
    }

    [Fact]
    public async Task A_first_message_without_a_conversation_update_gets_the_welcome_too()
    {
        var replies = await TurnAsync(new Activity { Type = ActivityTypes.Message, Text = "hola" });

        Assert.Equal(MenuTexts.Greeting, Assert.Single(replies).Text);
    }

    [Fact]
    public async Task A_second_join_in_the_middle_of_a_filing_keeps_the_filing()
    {
        await TurnAsync(Joined("iessbot", "citizen"));
        await TurnAsync(new Activity { Type = ActivityTypes.Message, Text = "Registrar queja" });

        Assert.Empty(await TurnAsync(Joined("citizen")));
        var replies = await TurnAsync(new Activity { Type = ActivityTypes.Message, Text = "Coimas" });

        Assert.Equal(FilingTexts.CategoryNotUnderstood, replies[^1].Text);
    }

    [Fact]
    public async Task Messages_run_the_conversation_to_the_consent()
    {
        await TurnAsync(Joined("iessbot", "citizen"));
        await TurnAsync(new Activity { Type = ActivityTypes.Message, Text = "Registrar queja" });

        var replies = await TurnAsync(new Activity { Type = ActivityTypes.Message, Text = "Maltrato" });

        Assert.Equal(ConsentTexts.FirstLayer(global::IessBot.Cases.CaseType.Queja), replies[^1].Text);
    }

    [Fact]
    public async Task A_conversation_saved_under_a_dialog_that_no_longer_exists_starts_over_at_the_menu()
    {
        await TurnAsync(Joined("iessbot", "citizen"));
        // What a deployment that renamed a dialog leaves behind: a stack entry nobody knows.
        _state["DialogState"] = JsonNode.Parse("""{"dialogStack":[{"id":"RenamedDialog","state":{}}]}""");

        var replies = await TurnAsync(new Activity { Type = ActivityTypes.Message, Text = "hola" });

        Assert.Equal(MenuTexts.ConversationRestarted, replies[0].Text);
        Assert.Equal(MenuTexts.Greeting, replies[1].Text);
        Assert.DoesNotContain("RenamedDialog", _state.ToJsonString(), StringComparison.Ordinal);
    }
}
