using IessBot.Turns;

namespace IessBot.Dialogs.Prompts;

/// <summary>Asks for free text; any message with text (even empty) is recognised (reference/botframework.md §6.5).</summary>
public sealed class TextPrompt(string dialogId, PromptValidator<string>? validator = null)
    : Prompt<string>(dialogId, validator)
{
    protected override Task OnPromptAsync(ITurnContext turn, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        if (Question(options, isRetry) is { } question)
        {
            turn.Send(question);
        }
        return Task.CompletedTask;
    }

    protected override Task<PromptRecognizerResult<string>> OnRecognizeAsync(ITurnContext turn, PromptOptions options, CancellationToken cancellationToken) =>
        Task.FromResult(turn.Activity.Text is { } text
            ? PromptRecognizerResult<string>.Success(text)
            : PromptRecognizerResult<string>.Failed);
}
