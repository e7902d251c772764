using IessBot.BotFramework.Schema;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Prompts;
using IessBot.Filing.Texts;
using IessBot.Turns;

namespace IessBot.Filing.Dialogs;

/// <summary>What the citizen answered at the evidence step: files, and/or that they are done (*Listo*, *Omitir*).</summary>
public sealed record EvidenceAnswer(IReadOnlyList<Attachment> Attachments, bool Finished);

/// <summary>
/// Like <see cref="AttachmentPrompt"/>, but a message without files is recognised too when it says the citizen
/// is done (*Listo*) or has no files (*Omitir*). The choices in <see cref="PromptOptions.Choices"/> are shown as buttons.
/// </summary>
public sealed class EvidencePrompt(string dialogId, PromptValidator<EvidenceAnswer>? validator = null)
    : Prompt<EvidenceAnswer>(dialogId, validator)
{
    private static readonly IReadOnlyList<Choice> FinishWords =
    [
        new(EvidenceTexts.DoneLabel) { Synonyms = ["listo", "ya", "terminé", "termine", "fin", "continuar", "seguir", "eso es todo"] },
        new(EvidenceTexts.SkipLabel) { Synonyms = ["omitir", "no", "no tengo", "ninguno", "sin archivos", "saltar"] },
    ];

    protected override Task OnPromptAsync(ITurnContext turn, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        var question = Question(options, isRetry);
        turn.Send(ChoiceFactory.AppendChoices(question, turn.Activity.ChannelId, options.Choices ?? [], options.Style ?? ListStyle.Auto, ChoicePrompt.To(turn)));
        return Task.CompletedTask;
    }

    protected override Task<PromptRecognizerResult<EvidenceAnswer>> OnRecognizeAsync(ITurnContext turn, PromptOptions options, CancellationToken cancellationToken)
    {
        var attachments = turn.Activity.Attachments ?? [];
        // Only an exact word counts as "done": a caption sent with a photo must not end the step.
        var finished = ChoiceRecognizer.Recognize(turn.Activity.Text, FinishWords) is { Score: 1.0 };
        return Task.FromResult(attachments.Count > 0 || finished
            ? PromptRecognizerResult<EvidenceAnswer>.Success(new EvidenceAnswer(attachments, finished))
            : PromptRecognizerResult<EvidenceAnswer>.Failed);
    }
}
