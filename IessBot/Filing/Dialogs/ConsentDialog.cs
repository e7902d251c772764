using IessBot.Cases;
using IessBot.Dialogs;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Prompts;
using IessBot.Filing.Texts;

namespace IessBot.Filing.Dialogs;

/// <summary>
/// The layered data-protection notice (LOPDP Arts. 8 and 12; DESIGN.md step 3): the short first layer with
/// *Acepto* / *No acepto* / *Ver aviso completo*; the full notice on request, then the question again.
/// Ends with true (accepted), false (declined) or <see cref="PromptGaveUp"/>.
/// </summary>
public sealed class ConsentDialog : ComponentDialog
{
    public const string DialogId = nameof(ConsentDialog);
    private const string WaterfallId = "consentWaterfall";

    // The synonyms are the short answers people type instead of tapping a button.
    private static readonly IReadOnlyList<Choice> Choices =
    [
        new(ConsentTexts.AcceptLabel) { Synonyms = ["sí", "si acepto", "de acuerdo", "acepto el aviso"] },
        new(ConsentTexts.DeclineLabel) { Synonyms = ["no", "no estoy de acuerdo"] },
        new(ConsentTexts.FullNoticeLabel) { Synonyms = ["aviso completo", "ver aviso", "leer aviso", "ver más"] },
    ];

    public ConsentDialog()
        : base(DialogId)
    {
        AddDialog(new WaterfallDialog<ConsentState>(WaterfallId, [AskConsentAsync, TakeConsentAsync]));
        AddDialog(new ChoicePrompt(PromptIds.Consent));
        InitialDialogId = WaterfallId;
    }

    private static async Task<DialogTurnResult> AskConsentAsync(WaterfallStepContext<ConsentState> step, CancellationToken cancellationToken)
    {
        var question = step.State.FullNoticeShown ? ConsentTexts.AskAgainAfterFullNotice : ConsentTexts.FirstLayer(step.State.Type);
        return await step.PromptAsync(PromptIds.Consent, new PromptOptions
        {
            Prompt = MessageFactory.Text(question),
            RetryPrompt = MessageFactory.Text(ConsentTexts.NotUnderstood),
            Choices = Choices,
            MaxAttempts = FilingDialog.MaxAttempts,
        }, cancellationToken);
    }

    private static async Task<DialogTurnResult> TakeConsentAsync(WaterfallStepContext<ConsentState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            return await step.EndDialogAsync(PromptGaveUp.Instance, cancellationToken);
        }
        var answer = ConsentTexts.Options[step.Result<FoundChoice>().Index];
        if (answer == ConsentTexts.FullNoticeLabel)
        {
            foreach (var part in ConsentTexts.FullNotice(step.State.Type))
            {
                step.Context.Send(MessageFactory.Text(part));
            }
            return await step.ReplaceDialogAsync(WaterfallId, new ConsentState { Type = step.State.Type, FullNoticeShown = true }, cancellationToken);
        }
        return await step.EndDialogAsync(answer == ConsentTexts.AcceptLabel, cancellationToken);
    }
}

/// <summary>The consent dialog's state: which notice it is about and whether the full text was already shown.</summary>
public sealed class ConsentState
{
    public CaseType Type { get; set; }

    public bool FullNoticeShown { get; set; }
}
