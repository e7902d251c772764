using System.Security.Cryptography;
using System.Text;
using IessBot.Cases;
using IessBot.Dialogs;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Prompts;
using IessBot.Filing.Lookup;
using IessBot.Filing.Texts;
using IessBot.Filing.Validation;
using IessBot.Turns;

namespace IessBot.Filing.Dialogs;

/// <summary>
/// *Consultar mi caso*: the case number, then the cédula; when both match, the status, the last public message of the
/// IESS and what is expected of the citizen. A wrong cédula gets the same answer as an unknown number, so nobody
/// learns which numbers exist; repeated failures are refused for a while (<see cref="LookupThrottle"/>). When the
/// case waits for the citizen, it offers to answer now (<see cref="CaseAnswerDialog"/>).
/// </summary>
public sealed class CaseLookupDialog : ComponentDialog
{
    public const string DialogId = nameof(CaseLookupDialog);
    private const string WaterfallId = "lookupWaterfall";

    private static readonly IReadOnlyList<Choice> OfferChoices =
    [
        new(LookupTexts.AnswerNowLabel) { Synonyms = ["responder", "sí", "si", "ahora"] },
        new(LookupTexts.AnswerLaterLabel) { Synonyms = ["después", "luego", "no", "ahora no"] },
    ];

    private readonly ICaseWorkflowStore _cases;
    private readonly CaseWorkflow _workflow;
    private readonly LookupThrottle _throttle;

    public CaseLookupDialog(ICaseWorkflowStore cases, CaseWorkflow workflow, LookupThrottle throttle, CaseAnswerDialog answer)
        : base(DialogId)
    {
        _cases = cases;
        _workflow = workflow;
        _throttle = throttle;
        AddDialog(new WaterfallDialog<LookupState>(WaterfallId, [AskCaseNumberAsync, AskCedulaAsync, AnswerAsync, TakeOfferAsync]));
        AddDialog(new TextPrompt(PromptIds.CaseNumber, FilingValidators.CaseNumberAsync));
        AddDialog(new TextPrompt(PromptIds.LookupCedula, FilingValidators.CedulaAsync));
        AddDialog(new ChoicePrompt(PromptIds.AnswerOffer));
        AddDialog(answer);
        InitialDialogId = WaterfallId;
    }

    private async Task<DialogTurnResult> AskCaseNumberAsync(WaterfallStepContext<LookupState> step, CancellationToken cancellationToken)
    {
        if (_throttle.UserRetryAfter(UserKey(step.Context)) is { } retryAfter)
        {
            step.Context.SendText(LookupTexts.Throttled(retryAfter));
            return await step.EndDialogAsync(null, cancellationToken);
        }
        return await step.PromptAsync(PromptIds.CaseNumber, Options(LookupTexts.CaseNumberPrompt), cancellationToken);
    }

    private static async Task<DialogTurnResult> AskCedulaAsync(WaterfallStepContext<LookupState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            return await GiveUpAsync(step, cancellationToken);
        }
        step.State.CaseNumber = CaseNumber.Parse(step.Result<string>()).Value;
        return await step.PromptAsync(PromptIds.LookupCedula, Options(LookupTexts.CedulaPrompt), cancellationToken);
    }

    private async Task<DialogTurnResult> AnswerAsync(WaterfallStepContext<LookupState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            return await GiveUpAsync(step, cancellationToken);
        }
        var caseNumber = step.State.CaseNumber!;
        var userKey = UserKey(step.Context);
        if (_throttle.RetryAfter(userKey, caseNumber) is { } retryAfter)
        {
            // Checked before the store is read: a refused attempt learns nothing, however the pair would have matched.
            step.Context.SendText(LookupTexts.Throttled(retryAfter));
            return await step.EndDialogAsync(null, cancellationToken);
        }
        var cedula = CedulaValidator.Check(step.Result<string>()).Normalized;
        var file = await _cases.GetAsync(caseNumber, cancellationToken);
        if (file is null || !SameCedula(file.Filing.Cedula, cedula))
        {
            _throttle.RecordFailure(userKey, caseNumber);
            step.Context.SendText(LookupTexts.NotFound);
            return await step.EndDialogAsync(null, cancellationToken);
        }
        var view = _workflow.CitizenView(file);
        step.Context.SendText(LookupTexts.Found(view));
        if (!view.AwaitingCitizen)
        {
            return await step.EndDialogAsync(null, cancellationToken);
        }
        step.State.Type = file.Filing.Type;
        return await step.PromptAsync(PromptIds.AnswerOffer, new PromptOptions
        {
            Prompt = MessageFactory.Text(LookupTexts.AnswerOfferPrompt),
            RetryPrompt = MessageFactory.Text(LookupTexts.AnswerOfferNotUnderstood),
            Choices = OfferChoices,
            MaxAttempts = FilingDialog.MaxAttempts,
        }, cancellationToken);
    }

    private static async Task<DialogTurnResult> TakeOfferAsync(WaterfallStepContext<LookupState> step, CancellationToken cancellationToken)
    {
        if (step.RawResult is FoundChoice { Index: 0 })
        {
            var answer = new AnswerState { CaseNumber = step.State.CaseNumber!, Type = step.State.Type };
            // The answer dialog's end ends the lookup too (ReplaceDialog keeps the stack shallow).
            return await step.ReplaceDialogAsync(CaseAnswerDialog.DialogId, answer, cancellationToken);
        }
        step.Context.SendText(LookupTexts.AnswerLater);
        return await step.EndDialogAsync(null, cancellationToken);
    }

    private static async Task<DialogTurnResult> GiveUpAsync(WaterfallStepContext<LookupState> step, CancellationToken cancellationToken)
    {
        step.Context.SendText(LookupTexts.GaveUp);
        return await step.EndDialogAsync(null, cancellationToken);
    }

    private static PromptOptions Options(string question) =>
        new() { Prompt = MessageFactory.Text(question), MaxAttempts = FilingDialog.MaxAttempts };

    private static string UserKey(ITurnContext turn) => LookupThrottle.UserKey(turn.Activity.ChannelId, turn.Activity.From?.Id);

    // Constant time, so the time of the answer does not tell a near miss from a far one.
    private static bool SameCedula(string stored, string typed) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(typed));
}

/// <summary>The lookup dialog's state: the case number asked for, in canonical form, and its type once the pair matched.</summary>
public sealed class LookupState
{
    public string? CaseNumber { get; set; }

    public CaseType Type { get; set; }
}
