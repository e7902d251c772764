using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Dialogs;
using IessBot.Dialogs.Prompts;
using IessBot.Turns;

namespace IessBot.Tests.Dialogs;

public sealed class DialogContextTests
{
    private static TurnContext Turn(string? text = "hola", JsonObject? state = null) => new(
        new Activity
        {
            Type = ActivityTypes.Message,
            Id = "a1",
            Text = text,
            ChannelId = Channels.Test,
            From = new ChannelAccount { Id = "user1" },
            Recipient = new ChannelAccount { Id = "bot" },
            Conversation = new ConversationAccount { Id = "convo1" },
        },
        state ?? [],
        TimeProvider.System);

    private static DialogSet Set() => new DialogSet()
        .Add(new TextPrompt("text"))
        .Add(new WaterfallDialog<object>("two", [(step, ct) => step.PromptAsync("text", Ask("¿Uno?"), ct), (step, ct) => step.EndDialogAsync(step.Result<string>(), ct)]));

    private static PromptOptions Ask(string text) => new() { Prompt = MessageFactory.Text(text) };

    [Fact]
    public async Task Continue_without_an_active_dialog_is_empty_and_creates_the_dialog_state()
    {
        var turn = Turn();

        var result = await Set().CreateContext(turn).ContinueDialogAsync();

        Assert.Equal(DialogTurnStatus.Empty, result.Status);
        Assert.NotNull(turn.State[DialogSet.DialogStateProperty]);
    }

    [Fact]
    public async Task Beginning_an_unknown_dialog_names_it()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Set().CreateContext(Turn()).BeginDialogAsync("nope"));

        Assert.Contains("'nope'", error.Message);
    }

    [Fact]
    public async Task Ending_the_last_dialog_completes_with_its_result_and_the_parent_resumes_first()
    {
        var turn = Turn();
        var dc = Set().CreateContext(turn);
        await dc.BeginDialogAsync("two");

        var afterPrompt = await dc.EndDialogAsync("respuesta");

        Assert.Equal(new DialogTurnResult(DialogTurnStatus.Complete, "respuesta"), afterPrompt);
        Assert.Empty(dc.Stack);
    }

    [Fact]
    public async Task Cancel_all_ends_every_dialog_and_is_empty_when_nothing_was_active()
    {
        var dc = Set().CreateContext(Turn());
        await dc.BeginDialogAsync("two");
        Assert.Equal(2, dc.Stack.Count);

        var cancelled = await dc.CancelAllDialogsAsync();
        var again = await dc.CancelAllDialogsAsync();

        Assert.Equal(DialogTurnStatus.Cancelled, cancelled.Status);
        Assert.Equal(DialogTurnStatus.Empty, again.Status);
        Assert.Null(dc.ActiveDialog);
    }

    [Fact]
    public async Task Replace_keeps_the_depth_of_the_stack()
    {
        var turn = Turn();
        var dc = Set().CreateContext(turn);
        await dc.BeginDialogAsync("two");

        await dc.ReplaceDialogAsync("text", Ask("¿Otra?"));

        Assert.Equal(["text", "two"], dc.Stack.Select(entry => entry.Id));
        Assert.Equal(["¿Uno?", "¿Otra?"], turn.Replies.Select(reply => reply.Text));
    }

    [Fact]
    public async Task Reprompt_sends_the_prompt_not_the_retry()
    {
        var turn = Turn();
        var dc = Set().CreateContext(turn);
        await dc.PromptAsync("text", Ask("¿Nombre?") with { RetryPrompt = MessageFactory.Text("Otra vez") });

        await dc.RepromptDialogAsync();

        Assert.Equal(["¿Nombre?", "¿Nombre?"], turn.Replies.Select(reply => reply.Text));
    }

    [Fact]
    public async Task A_prompt_resumed_after_a_dialog_above_it_ends_asks_again()
    {
        var set = Set().Add(new WaterfallDialog<object>("aside", [(step, ct) => step.EndDialogAsync(null, ct)]));
        var turn = Turn();
        var dc = set.CreateContext(turn);
        await dc.PromptAsync("text", Ask("¿Nombre?"));

        var result = await dc.BeginDialogAsync("aside");

        Assert.Equal(DialogTurnStatus.Waiting, result.Status);
        Assert.Equal(["¿Nombre?", "¿Nombre?"], turn.Replies.Select(reply => reply.Text));
    }

    [Fact]
    public async Task A_stack_entry_whose_dialog_no_longer_exists_fails_with_a_clear_message()
    {
        var state = new JsonObject
        {
            ["DialogState"] = new JsonObject { ["dialogStack"] = new JsonArray(new JsonObject { ["id"] = "renamed", ["state"] = new JsonObject() }) },
        };

        var error = await Assert.ThrowsAsync<DialogStackOutdatedException>(() => Set().CreateContext(Turn(state: state)).ContinueDialogAsync());

        Assert.Contains("'renamed'", error.Message);
    }

    [Fact]
    public async Task RunAsync_begins_when_empty_and_continues_afterwards_on_the_same_state()
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog<object>("two", [(step, ct) => step.PromptAsync("text", Ask("¿Uno?"), ct), (step, ct) => step.EndDialogAsync(step.Result<string>(), ct)]));
        root.AddDialog(new TextPrompt("text"));
        var state = new JsonObject();

        var first = await root.RunAsync(Turn("hola", state), CancellationToken.None);
        var second = await root.RunAsync(Turn("uno", state), CancellationToken.None);

        Assert.Equal(DialogTurnStatus.Waiting, first.Status);
        Assert.Equal(new DialogTurnResult(DialogTurnStatus.Complete, "uno"), second);
    }

    [Fact]
    public void Dialog_ids_are_unique_in_a_set()
    {
        var set = new DialogSet().Add(new TextPrompt("text"));

        Assert.Throws<ArgumentException>(() => set.Add(new TextPrompt("text")));
    }
}
