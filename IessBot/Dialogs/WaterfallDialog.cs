using IessBot.BotFramework.Schema;

namespace IessBot.Dialogs;

/// <summary>
/// A sequence of steps (reference/botframework.md §6.3) with a typed state object.
/// </summary>
/// <remarks>
/// <para><typeparamref name="TState"/> is a plain class persisted as JSON in the instance state under
/// <c>"values"</c> and exposed to every step as <see cref="WaterfallStepContext{TState}.State"/>; changes
/// to it are saved after each step. Begin options of type <typeparamref name="TState"/> become the initial
/// state (copied through JSON); other options are kept as JSON and read with
/// <see cref="WaterfallStepContext{TState}.GetOptions{T}"/>.</para>
/// <para>Each step receives the previous child's result: read it with
/// <see cref="WaterfallStepContext{TState}.Result{T}"/> (a checked conversion) after testing
/// <see cref="WaterfallStepContext{TState}.PromptGaveUp"/> when the prompt has a limit of attempts.</para>
/// </remarks>
public class WaterfallDialog<TState> : Dialog
    where TState : class, new()
{
    private const string ValuesKey = "values";
    private const string OptionsKey = "options";
    private const string StepIndexKey = "stepIndex";
    private const string InstanceIdKey = "instanceId";

    private readonly List<WaterfallStep<TState>> _steps = [];

    public WaterfallDialog(string dialogId, IEnumerable<WaterfallStep<TState>>? steps = null)
        : base(dialogId)
    {
        if (steps is not null)
        {
            _steps.AddRange(steps);
        }
    }

    public int StepCount => _steps.Count;

    public WaterfallDialog<TState> AddStep(WaterfallStep<TState> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _steps.Add(step);
        return this;
    }

    public override string GetVersion() => $"{Id}:{_steps.Count}";

    public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var state = dc.ActiveDialog!.State;
        state[InstanceIdKey] = Guid.NewGuid().ToString("N");
        // With TState = object every option would "be" the state; keep them as options then.
        if (options is TState initial && typeof(TState) != typeof(object))
        {
            state[ValuesKey] = DialogJson.ToNode(initial);
        }
        else
        {
            state[ValuesKey] = DialogJson.ToNode(new TState());
            state[OptionsKey] = options is null ? null : DialogJson.ToNode<object>(options);
        }
        return RunStepAsync(dc, 0, DialogReason.BeginCalled, null, cancellationToken);
    }

    /// <summary>A message while no child is active resumes the waterfall with its text; other activities are ignored.</summary>
    public override Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.Context.Activity.Type == ActivityTypes.Message
            ? ResumeDialogAsync(dc, DialogReason.ContinueCalled, dc.Context.Activity.Text, cancellationToken)
            : Task.FromResult(EndOfTurn);

    public override Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        var index = dc.ActiveDialog!.State[StepIndexKey]?.GetValue<int>() ?? -1;
        return RunStepAsync(dc, index + 1, reason, result, cancellationToken);
    }

    private async Task<DialogTurnResult> RunStepAsync(DialogContext dc, int index, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        if (index >= _steps.Count)
        {
            return await dc.EndDialogAsync(result, cancellationToken).ConfigureAwait(false);
        }
        var instanceState = dc.ActiveDialog!.State;
        instanceState[StepIndexKey] = index;
        var state = LiveState.Get<TState>(instanceState, ValuesKey);
        var step = _steps[index];
        var stepContext = new WaterfallStepContext<TState>(this, dc, step.Method.Name, index, reason, result, state, instanceState[OptionsKey]);
        var turnResult = await step(stepContext, cancellationToken).ConfigureAwait(false);
        LiveState.Save(instanceState, ValuesKey, state);
        return turnResult;
    }

    internal Task<DialogTurnResult> NextAsync(DialogContext dc, object? result, CancellationToken cancellationToken) =>
        ResumeDialogAsync(dc, DialogReason.NextCalled, result, cancellationToken);
}
