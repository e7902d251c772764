using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Dialogs;
using IessBot.Dialogs.Prompts;
using IessBot.Dialogs.Testing;
using IessBot.Tests.Dialogs.Samples;
using Texts = IessBot.Tests.Dialogs.Samples.ProfileDialog.Texts;

namespace IessBot.Tests.Dialogs;

public sealed class StatePersistenceTests
{
    [Fact]
    public async Task Conversation_resumes_after_a_restart_with_new_dialog_objects_and_the_saved_json()
    {
        var before = new DialogTestClient(Channels.Test, new ProfileDialog());
        await before.SendActivityAsync("hola");
        await before.SendActivityAsync("Ana");

        var after = new DialogTestClient(Channels.Test, new ProfileDialog(), stateJson: before.StateJson);
        var confirm = await after.SendActivityAsync("consultar mi caso");
        var done = await after.SendActivityAsync("no");

        Assert.Equal(Texts.AskConfirm, confirm?.Text);
        Assert.Equal(Texts.Done, done?.Text);
        var state = Assert.IsType<ProfileState>(after.DialogTurnResult?.Result);
        Assert.Equal(("Ana", "Consultar mi caso", false), (state.Name, state.Topic, state.Confirmed));
    }

    [Fact]
    public async Task Dialog_stack_is_stored_as_plain_json_with_the_top_first_and_the_inner_stack_in_the_component()
    {
        var client = new DialogTestClient(Channels.Test, new ProfileDialog());
        await client.SendActivityAsync("hola");
        await client.SendActivityAsync("Ana");

        var root = JsonNode.Parse(client.StateJson)!["DialogState"]!["dialogStack"]!.AsArray();
        var component = Assert.Single(root)!;
        Assert.Equal(nameof(ProfileDialog), component["id"]!.GetValue<string>());
        var inner = component["state"]!["dialogs"]!["dialogStack"]!.AsArray();
        Assert.Equal([ProfileDialog.TopicPrompt, "profile"], inner.Select(entry => entry!["id"]!.GetValue<string>()));
        Assert.Equal(0, inner[0]!["state"]!["state"]!["attemptCount"]!.GetValue<int>());
        Assert.Equal(3, inner[0]!["state"]!["options"]!["choices"]!.AsArray().Count);
        Assert.Equal("Ana", inner[1]!["state"]!["values"]!["name"]!.GetValue<string>());
        Assert.Equal(1, inner[1]!["state"]!["stepIndex"]!.GetValue<int>());
    }

    [Fact]
    public async Task State_that_is_not_plain_json_fails_the_turn_instead_of_failing_after_a_restart()
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog<StateWithDelegate>("bad",
        [
            (step, ct) =>
            {
                step.State.Callback = () => { };
                return step.PromptAsync("text", new PromptOptions { Prompt = MessageFactory.Text("?") }, ct);
            },
        ]));
        root.AddDialog(new TextPrompt("text"));
        var client = new DialogTestClient(Channels.Test, root);

        await Assert.ThrowsAsync<NotSupportedException>(() => client.SendActivityAsync("hola"));
    }

    [Fact]
    public async Task Changes_made_before_and_after_next_in_one_turn_are_both_kept()
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog<MenuState>("flow",
        [
            async (step, ct) =>
            {
                step.State.Option = "first";
                var result = await step.NextAsync(null, ct);
                step.State.Option += "+after";
                return result;
            },
            (step, ct) =>
            {
                step.State.Description = "second";
                return step.PromptAsync("text", new PromptOptions { Prompt = MessageFactory.Text("?") }, ct);
            },
            (step, ct) => step.EndDialogAsync(step.State, ct),
        ]));
        root.AddDialog(new TextPrompt("text"));
        var client = new DialogTestClient(Channels.Test, root);

        await client.SendActivityAsync("hola");
        await client.SendActivityAsync("fin");

        var state = Assert.IsType<MenuState>(client.DialogTurnResult?.Result);
        Assert.Equal(("first+after", "second"), (state.Option, state.Description));
    }

    [Fact]
    public async Task Begin_options_of_the_state_type_become_the_initial_state_and_other_options_are_readable()
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog<MenuState>("flow",
        [
            (step, ct) => step.BeginDialogAsync("child", new ChildOptions("denuncia", 20), ct),
            (step, ct) => step.EndDialogAsync(step.State, ct),
        ]));
        root.AddDialog(new WaterfallDialog<MenuState>("child",
        [
            (step, ct) =>
            {
                var options = step.GetOptions<ChildOptions>()!;
                return step.EndDialogAsync($"{options.Kind}:{options.MaxMegabytes}", ct);
            },
        ]));
        var initial = new MenuState { Option = "queja" };
        var client = new DialogTestClient(Channels.Test, root, initialDialogOptions: initial);

        await client.SendActivityAsync("hola");
        initial.Option = "changed by the caller later";

        var state = Assert.IsType<MenuState>(client.DialogTurnResult?.Result);
        Assert.Equal("queja", state.Option);
    }

    [Fact]
    public async Task Child_options_are_stored_as_json_and_read_back_typed()
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog<MenuState>("flow",
        [
            (step, ct) => step.BeginDialogAsync("child", new ChildOptions("denuncia", 20), ct),
            (step, ct) => step.EndDialogAsync(step.Result<string>(), ct),
        ]));
        root.AddDialog(new WaterfallDialog<MenuState>("child",
        [
            (step, ct) => step.PromptAsync("text", new PromptOptions { Prompt = MessageFactory.Text("?") }, ct),
            (step, ct) =>
            {
                var options = step.GetOptions<ChildOptions>()!;
                return step.EndDialogAsync($"{options.Kind}:{options.MaxMegabytes}:{step.Result<string>()}", ct);
            },
        ]));
        root.AddDialog(new TextPrompt("text"));
        var before = new DialogTestClient(Channels.Test, root);
        await before.SendActivityAsync("hola");

        var after = new DialogTestClient(Channels.Test, root, stateJson: before.StateJson);
        await after.SendActivityAsync("ok");

        Assert.Equal("denuncia:20:ok", after.DialogTurnResult?.Result);
    }

    public sealed record ChildOptions(string Kind, int MaxMegabytes);

    public sealed class StateWithDelegate
    {
        public Action? Callback { get; set; }
    }
}
