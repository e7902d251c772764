using IessBot.BotFramework.Schema;
using IessBot.Dialogs;
using IessBot.Dialogs.Testing;

namespace IessBot.Tests.Dialogs;

public sealed class WaterfallStepContextTests
{
    private static ComponentDialog Root(params WaterfallStep<object>[] steps)
    {
        var root = new ComponentDialog("root");
        root.AddDialog(new WaterfallDialog<object>("flow", steps));
        return root;
    }

    private static Task<DialogTurnResult> ReadNumberAsync(WaterfallStepContext<object> step, CancellationToken ct) =>
        step.EndDialogAsync(step.Result<int>(), ct);

    [Fact]
    public async Task Reading_a_result_of_another_type_names_the_step_the_dialog_and_both_types()
    {
        var client = new DialogTestClient(Channels.Test, Root((step, ct) => step.NextAsync("texto", ct), ReadNumberAsync));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendActivityAsync("hola"));

        Assert.Contains("ReadNumberAsync", error.Message);
        Assert.Contains("'flow'", error.Message);
        Assert.Contains("Int32", error.Message);
        Assert.Contains("String", error.Message);
    }

    [Fact]
    public async Task Result_or_default_is_default_when_the_previous_step_gave_nothing()
    {
        var client = new DialogTestClient(Channels.Test, Root(
            (step, ct) => step.NextAsync(null, ct),
            (step, ct) => step.EndDialogAsync(step.ResultOrDefault<string>() ?? "nada", ct)));

        await client.SendActivityAsync("hola");

        Assert.Equal("nada", client.DialogTurnResult?.Result);
    }

    [Fact]
    public async Task Next_can_be_called_once_per_step()
    {
        var client = new DialogTestClient(Channels.Test, Root(
            async (step, ct) =>
            {
                await step.NextAsync(null, ct);
                return await step.NextAsync(null, ct);
            },
            (step, ct) => Task.FromResult(Dialog.EndOfTurn)));

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendActivityAsync("hola"));
    }

    [Fact]
    public async Task A_step_waiting_without_a_prompt_receives_the_next_message_text_and_ignores_other_activities()
    {
        var client = new DialogTestClient(Channels.Test, Root(
            (step, ct) => Task.FromResult(Dialog.EndOfTurn),
            (step, ct) => step.EndDialogAsync($"{step.Reason}:{step.Index}:{step.Result<string>()}", ct)));
        await client.SendActivityAsync("hola");

        await client.SendActivityAsync(new Activity { Type = ActivityTypes.Event, Name = "ping" });
        var waiting = client.DialogTurnResult?.Status;
        await client.SendActivityAsync("dato");

        Assert.Equal(DialogTurnStatus.Waiting, waiting);
        Assert.Equal("ContinueCalled:1:dato", client.DialogTurnResult?.Result);
    }

    [Fact]
    public void Waterfall_version_counts_its_steps()
    {
        Assert.Equal("flow:2", new WaterfallDialog<object>("flow", [(s, ct) => s.NextAsync(null, ct), (s, ct) => s.NextAsync(null, ct)]).GetVersion());
    }
}
