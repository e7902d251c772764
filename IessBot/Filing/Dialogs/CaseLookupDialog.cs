using System.Security.Cryptography;
using System.Text;
using IessBot.Cases;
using IessBot.Dialogs;
using IessBot.Dialogs.Prompts;
using IessBot.Filing.Texts;
using IessBot.Filing.Validation;

namespace IessBot.Filing.Dialogs;

/// <summary>
/// *Consultar mi caso*: the case number, then the cédula; the status and filing date only when both match.
/// A wrong cédula gets the same answer as an unknown number, so nobody learns which numbers exist.
/// </summary>
public sealed class CaseLookupDialog : ComponentDialog
{
    public const string DialogId = nameof(CaseLookupDialog);
    private const string WaterfallId = "lookupWaterfall";

    private readonly ICaseStore _cases;

    public CaseLookupDialog(ICaseStore cases)
        : base(DialogId)
    {
        _cases = cases;
        AddDialog(new WaterfallDialog<LookupState>(WaterfallId, [AskCaseNumberAsync, AskCedulaAsync, AnswerAsync]));
        AddDialog(new TextPrompt(PromptIds.CaseNumber, FilingValidators.CaseNumberAsync));
        AddDialog(new TextPrompt(PromptIds.LookupCedula, FilingValidators.CedulaAsync));
        InitialDialogId = WaterfallId;
    }

    private static async Task<DialogTurnResult> AskCaseNumberAsync(WaterfallStepContext<LookupState> step, CancellationToken cancellationToken) =>
        await step.PromptAsync(PromptIds.CaseNumber, Options(LookupTexts.CaseNumberPrompt), cancellationToken);

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
        var cedula = CedulaValidator.Check(step.Result<string>()).Normalized;
        var found = await _cases.GetAsync(step.State.CaseNumber!, cancellationToken);
        step.Context.Send(MessageFactory.Text(found is not null && SameCedula(found.Cedula, cedula)
            ? LookupTexts.Found(found.CaseNumber, found.Status, found.FiledAt)
            : LookupTexts.NotFound));
        return await step.EndDialogAsync(null, cancellationToken);
    }

    private static async Task<DialogTurnResult> GiveUpAsync(WaterfallStepContext<LookupState> step, CancellationToken cancellationToken)
    {
        step.Context.Send(MessageFactory.Text(LookupTexts.GaveUp));
        return await step.EndDialogAsync(null, cancellationToken);
    }

    private static PromptOptions Options(string question) =>
        new() { Prompt = MessageFactory.Text(question), MaxAttempts = FilingDialog.MaxAttempts };

    // Constant time, so the time of the answer does not tell a near miss from a far one.
    private static bool SameCedula(string stored, string typed) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(typed));
}

/// <summary>The lookup dialog's state: the case number asked for, in canonical form.</summary>
public sealed class LookupState
{
    public string? CaseNumber { get; set; }
}
