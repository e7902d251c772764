using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Turns;

namespace IessBot.Dialogs.Prompts;

/// <summary>
/// The algorithm shared by all prompts (reference/botframework.md §6.4): send the prompt; on each
/// message recognise, count the attempt, validate; accept, or re-send the retry prompt unless
/// something was already sent this turn; give up after <see cref="PromptOptions.MaxAttempts"/>.
/// </summary>
/// <remarks>State: <c>{ "options": PromptOptions, "state": { "attemptCount": n } }</c>.</remarks>
public abstract class Prompt<T>(string dialogId, PromptValidator<T>? validator) : Dialog(dialogId)
{
    private const string OptionsKey = "options";
    private const string StateKey = "state";
    private const string AttemptCountKey = "attemptCount";

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        if (options is not PromptOptions promptOptions)
        {
            throw new ArgumentException($"The prompt '{Id}' must be begun with PromptOptions (use PromptAsync).", nameof(options));
        }
        var persisted = promptOptions with
        {
            Prompt = ExpectingInput(promptOptions.Prompt),
            RetryPrompt = ExpectingInput(promptOptions.RetryPrompt),
        };
        var state = dc.ActiveDialog!.State;
        state[OptionsKey] = DialogJson.ToNode(persisted);
        state[StateKey] = new JsonObject { [AttemptCountKey] = 0 };
        await OnPromptAsync(dc.Context, persisted, isRetry: false, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Context;
        if (turn.Activity.Type != ActivityTypes.Message)
        {
            return EndOfTurn;
        }
        var instanceState = dc.ActiveDialog!.State;
        var options = ReadOptions(instanceState);
        var recognized = await OnRecognizeAsync(turn, options, cancellationToken).ConfigureAwait(false);

        // Counted before validation, so the validator of the first answer sees 1 (§6.4).
        var attemptCount = (instanceState[StateKey]?[AttemptCountKey]?.GetValue<int>() ?? 0) + 1;
        instanceState[StateKey] = new JsonObject { [AttemptCountKey] = attemptCount };

        var accepted = validator is null
            ? recognized.Succeeded
            : await validator(new PromptValidatorContext<T>(turn, recognized, options, attemptCount), cancellationToken).ConfigureAwait(false);
        if (accepted)
        {
            return await dc.EndDialogAsync(recognized.Value, cancellationToken).ConfigureAwait(false);
        }
        if (options.MaxAttempts is { } max && attemptCount >= max)
        {
            return await dc.EndDialogAsync(PromptGaveUp.Instance, cancellationToken).ConfigureAwait(false);
        }
        if (!turn.Responded)
        {
            await OnPromptAsync(turn, options, isRetry: true, cancellationToken).ConfigureAwait(false);
        }
        return EndOfTurn;
    }

    /// <summary>A dialog pushed above the prompt ended: ask again (the prompt, not the retry) and wait.</summary>
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result, CancellationToken cancellationToken)
    {
        await RepromptDialogAsync(dc.Context, dc.ActiveDialog!, cancellationToken).ConfigureAwait(false);
        return EndOfTurn;
    }

    public override Task RepromptDialogAsync(ITurnContext turn, DialogInstance instance, CancellationToken cancellationToken) =>
        OnPromptAsync(turn, ReadOptions(instance.State), isRetry: false, cancellationToken);

    /// <summary>Sends the prompt, or the retry prompt when <paramref name="isRetry"/>.</summary>
    protected abstract Task OnPromptAsync(ITurnContext turn, PromptOptions options, bool isRetry, CancellationToken cancellationToken);

    protected abstract Task<PromptRecognizerResult<T>> OnRecognizeAsync(ITurnContext turn, PromptOptions options, CancellationToken cancellationToken);

    /// <summary>The activity to send: the retry prompt on a retry when there is one, else the prompt.</summary>
    protected static Activity? Question(PromptOptions options, bool isRetry) =>
        isRetry && options.RetryPrompt is not null ? options.RetryPrompt : options.Prompt;

    private PromptOptions ReadOptions(JsonObject instanceState) =>
        DialogJson.FromNode<PromptOptions>(instanceState[OptionsKey])
        ?? throw new InvalidOperationException($"The prompt '{Id}' has no options in its state.");

    private static Activity? ExpectingInput(Activity? activity) =>
        activity is null ? null : activity with
        {
            Type = activity.Type ?? ActivityTypes.Message,
            InputHint = activity.InputHint ?? InputHints.ExpectingInput,
        };
}
