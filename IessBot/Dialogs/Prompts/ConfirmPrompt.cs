using IessBot.Dialogs.Choices;
using IessBot.Turns;

namespace IessBot.Dialogs.Prompts;

/// <summary>
/// Asks a yes/no question and returns a bool (reference/botframework.md §6.5). Shows "Sí"/"No" (or
/// <see cref="PromptOptions.Choices"/>: the first means yes, the second no); recognises Spanish yes/no
/// words (<see cref="ConfirmRecognizer"/>), the choices by text and their numbers ("1" yes, "2" no).
/// </summary>
public sealed class ConfirmPrompt(string dialogId, PromptValidator<bool>? validator = null)
    : Prompt<bool>(dialogId, validator)
{
    public static readonly IReadOnlyList<Choice> DefaultChoices = [new("Sí"), new("No")];

    /// <summary>The style used when <see cref="PromptOptions.Style"/> is not set.</summary>
    public ListStyle Style { get; init; } = ListStyle.Auto;

    protected override Task OnPromptAsync(ITurnContext turn, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        var question = Question(options, isRetry);
        turn.Send(ChoiceFactory.AppendChoices(question, turn.Activity.ChannelId, ChoicesOf(options), options.Style ?? Style, ChoicePrompt.To(turn)));
        return Task.CompletedTask;
    }

    protected override Task<PromptRecognizerResult<bool>> OnRecognizeAsync(ITurnContext turn, PromptOptions options, CancellationToken cancellationToken)
    {
        var text = turn.Activity.Text;
        var choices = ChoicesOf(options);
        var confirmed = ChoiceRecognizer.Recognize(text, choices) is { Score: 1.0 } exact ? exact.Index == 0
            : ConfirmRecognizer.Recognize(text);
        return Task.FromResult(confirmed is { } value
            ? PromptRecognizerResult<bool>.Success(value)
            : PromptRecognizerResult<bool>.Failed);
    }

    private static IReadOnlyList<Choice> ChoicesOf(PromptOptions options) =>
        options.Choices is { Count: >= 2 } custom ? custom : DefaultChoices;
}
