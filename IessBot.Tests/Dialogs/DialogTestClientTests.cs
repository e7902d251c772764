using IessBot.BotFramework.Schema;
using IessBot.Dialogs;
using IessBot.Dialogs.Testing;
using IessBot.Turns;
using Microsoft.Extensions.Time.Testing;

namespace IessBot.Tests.Dialogs;

public sealed class DialogTestClientTests
{
    private static ComponentDialog Chatty()
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog<object>("flow",
        [
            (step, ct) =>
            {
                step.Context.Send(new Activity { Type = ActivityTypes.Trace, Name = "debug" });
                step.Context.SendText("uno");
                step.Context.SendText("dos");
                return Task.FromResult(Dialog.EndOfTurn);
            },
            (step, ct) => step.EndDialogAsync(step.Context.Activity, ct),
        ]));
        return root;
    }

    [Fact]
    public async Task Replies_come_one_by_one_without_traces_and_then_null()
    {
        var client = new DialogTestClient(Channels.Test, Chatty());

        var first = await client.SendActivityAsync("hola");

        Assert.Equal("uno", first?.Text);
        Assert.Equal("dos", client.GetNextReply()?.Text);
        Assert.Null(client.GetNextReply());
    }

    [Fact]
    public async Task Inbound_activities_follow_the_test_adapter_conventions()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var client = new DialogTestClient(Channels.Emulator, Chatty(), time: time);

        var reply = await client.SendActivityAsync("hola");
        await client.SendActivityAsync("otra");

        var inbound = Assert.IsType<Activity>(client.DialogTurnResult?.Result);
        Assert.Equal(("1", "emulator", "user1", "bot", "convo1", "es-EC", "https://test.com"),
            (inbound.Id, inbound.ChannelId, inbound.From?.Id, inbound.Recipient?.Id, inbound.Conversation?.Id, inbound.Locale, inbound.ServiceUrl));
        Assert.Equal(("bot", "user1", "0", "convo1"), (reply?.From?.Id, reply?.Recipient?.Id, reply?.ReplyToId, reply?.Conversation?.Id));
        Assert.Equal(32, reply?.Id?.Length);
        Assert.Equal(time.GetUtcNow(), reply?.Timestamp);
    }
}
