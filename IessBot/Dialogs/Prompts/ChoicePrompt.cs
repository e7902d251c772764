using IessBot.Dialogs.Choices;
using IessBot.Turns;

namespace IessBot.Dialogs.Prompts;

/// <summary>
/// Asks the citizen to pick one of <see cref="PromptOptions.Choices"/> and returns a
/// <see cref="FoundChoice"/> (reference/botframework.md §6.5). Recognition: <see cref="ChoiceRecognizer"/>.
/// </summary>
public sealed class ChoicePrompt(string dialogId, PromptValidator<FoundChoice>? validator = null)
    : Prompt<FoundChoice>(dialogId, validator)
{
    /// <summary>The style used when <see cref="PromptOptions.Style"/> is not set.</summary>
    public ListStyle Style { get; init; } = ListStyle.Auto;

    protected override Task OnPromptAsync(ITurnContext turn, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        var question = Question(options, isRetry);
        var choices = options.Choices ?? [];
        turn.Send(ChoiceFactory.AppendChoices(question, turn.Activity.ChannelId, choices, options.Style ?? Style, To(turn)));
        return Task.CompletedTask;
    }

    protected override Task<PromptRecognizerResult<FoundChoice>> OnRecognizeAsync(ITurnContext turn, PromptOptions options, CancellationToken cancellationToken) =>
        Task.FromResult(ChoiceRecognizer.Recognize(turn.Activity.Text, options.Choices ?? []) is { } found
            ? PromptRecognizerResult<FoundChoice>.Success(found)
            : PromptRecognizerResult<FoundChoice>.Failed);

    /// <summary>Suggested actions go to the user who is answering, as the SDK does (reference §1.4).</summary>
    internal static IReadOnlyList<string>? To(ITurnContext turn) =>
        turn.Activity.From?.Id is { Length: > 0 } userId ? [userId] : null;
}
