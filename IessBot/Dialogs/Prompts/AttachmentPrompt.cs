using IessBot.BotFramework.Schema;
using IessBot.Turns;

namespace IessBot.Dialogs.Prompts;

/// <summary>Asks for files; a message with at least one attachment is recognised (reference/botframework.md §6.5).</summary>
public sealed class AttachmentPrompt(string dialogId, PromptValidator<IReadOnlyList<Attachment>>? validator = null)
    : Prompt<IReadOnlyList<Attachment>>(dialogId, validator)
{
    protected override Task OnPromptAsync(ITurnContext turn, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        if (Question(options, isRetry) is { } question)
        {
            turn.Send(question);
        }
        return Task.CompletedTask;
    }

    protected override Task<PromptRecognizerResult<IReadOnlyList<Attachment>>> OnRecognizeAsync(ITurnContext turn, PromptOptions options, CancellationToken cancellationToken) =>
        Task.FromResult(turn.Activity.Attachments is { Count: > 0 } attachments
            ? PromptRecognizerResult<IReadOnlyList<Attachment>>.Success(attachments)
            : PromptRecognizerResult<IReadOnlyList<Attachment>>.Failed);
}
