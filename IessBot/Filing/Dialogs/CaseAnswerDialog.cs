using System.Text.Json.Nodes;
using IessBot.Cases;
using IessBot.Dialogs;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Prompts;
using IessBot.Evidence;
using IessBot.Filing.Texts;
using IessBot.Turns;
using Microsoft.Extensions.Options;

namespace IessBot.Filing.Dialogs;

/// <summary>
/// The citizen's answer to a request for information (issue 7): a text, then files with the evidence rules of the
/// case's type (<see cref="EvidenceDialog"/>), a confirmation, then <see cref="CaseWorkflow.RecordCitizenAnswer"/>
/// stored through <see cref="ICaseWorkflowStore"/>: the answer joins the timeline and the case returns to
/// *En análisis*. Begin it with an <see cref="AnswerState"/> whose case the citizen has just proven to be theirs.
/// Files uploaded for an answer that is not sent are deleted.
/// </summary>
public sealed partial class CaseAnswerDialog : ComponentDialog
{
    public const string DialogId = nameof(CaseAnswerDialog);

    /// <summary>The same bound as a filing's description: an answer is at most as long as the case itself.</summary>
    public const int MaxAnswerLength = Validation.DescriptionRule.MaxLength;

    private const string WaterfallId = "answerWaterfall";

    private static readonly IReadOnlyList<Choice> ConfirmChoices =
    [
        new(LookupTexts.SendLabel) { Synonyms = ["enviar", "sí", "si", "confirmar", "confirmo"] },
        new(LookupTexts.DiscardLabel) { Synonyms = ["no", "descartar"] },
    ];

    private readonly ICaseWorkflowStore _cases;
    private readonly CaseWorkflow _workflow;
    private readonly IEvidenceStore _evidence;
    private readonly EvidenceLimits _limits;
    private readonly ILogger<CaseAnswerDialog> _logger;

    public CaseAnswerDialog(
        ICaseWorkflowStore cases,
        CaseWorkflow workflow,
        IEvidenceStore evidenceStore,
        IOptions<EvidenceLimits> limits,
        EvidenceDialog evidence,
        ILogger<CaseAnswerDialog> logger)
        : base(DialogId)
    {
        _cases = cases;
        _workflow = workflow;
        _evidence = evidenceStore;
        _limits = limits.Value;
        _logger = logger;
        AddDialog(new WaterfallDialog<AnswerState>(WaterfallId, [AskTextAsync, AskFilesAsync, ConfirmAsync, SendAsync]));
        AddDialog(new TextPrompt(PromptIds.AnswerText, AnswerTextAsync));
        AddDialog(evidence);
        AddDialog(new ChoicePrompt(PromptIds.AnswerConfirm));
        InitialDialogId = WaterfallId;
    }

    /// <summary>Cancelled from outside (*cancelar*, *menú*): the files uploaded for the answer are not kept.</summary>
    public override async Task EndDialogAsync(ITurnContext turn, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken)
    {
        if (reason == DialogReason.CancelCalled)
        {
            await DiscardAsync(DialogEvidence.IdsIn(instance.State), cancellationToken);
        }
        await base.EndDialogAsync(turn, instance, reason, cancellationToken);
    }

    private static async Task<DialogTurnResult> AskTextAsync(WaterfallStepContext<AnswerState> step, CancellationToken cancellationToken) =>
        await step.PromptAsync(PromptIds.AnswerText, new PromptOptions
        {
            Prompt = MessageFactory.Text(LookupTexts.AnswerPrompt),
            MaxAttempts = FilingDialog.MaxAttempts,
        }, cancellationToken);

    private async Task<DialogTurnResult> AskFilesAsync(WaterfallStepContext<AnswerState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            return await GiveUpAsync(step, cancellationToken);
        }
        step.State.Text = FilingValidators.Clean(step.Result<string>());
        var question = LookupTexts.AnswerEvidencePrompt(_limits.MaxFileBytes(step.State.Type), _limits.MaxFilesPerCase);
        return await step.BeginDialogAsync(EvidenceDialog.DialogId, new EvidenceState { Type = step.State.Type, NextPrompt = question }, cancellationToken);
    }

    private async Task<DialogTurnResult> ConfirmAsync(WaterfallStepContext<AnswerState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            // The evidence dialog already deleted what it had taken.
            return await GiveUpAsync(step, cancellationToken);
        }
        step.State.Files = step.Result<List<EvidenceReference>>();
        return await step.PromptAsync(PromptIds.AnswerConfirm, new PromptOptions
        {
            Prompt = MessageFactory.Text(LookupTexts.AnswerSummary(step.State.CaseNumber, step.State.Text!, step.State.Files.Count)),
            RetryPrompt = MessageFactory.Text(LookupTexts.ConfirmNotUnderstood),
            Choices = ConfirmChoices,
            MaxAttempts = FilingDialog.MaxAttempts,
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> SendAsync(WaterfallStepContext<AnswerState> step, CancellationToken cancellationToken)
    {
        var state = step.State;
        if (step.PromptGaveUp || step.Result<FoundChoice>().Index != 0)
        {
            await DiscardAsync(state.Files.Select(file => file.EvidenceId), cancellationToken);
            step.Context.SendText(step.PromptGaveUp ? LookupTexts.AnswerGaveUp : LookupTexts.AnswerDiscarded);
            return await step.EndDialogAsync(null, cancellationToken);
        }
        var outcome = await RecordAsync(state, step.Context.Time.GetUtcNow(), cancellationToken);
        if (outcome != AnswerOutcome.Recorded)
        {
            await DiscardAsync(state.Files.Select(file => file.EvidenceId), cancellationToken);
        }
        step.Context.SendText(outcome switch
        {
            AnswerOutcome.Recorded => LookupTexts.AnswerSent(state.CaseNumber),
            AnswerOutcome.NotAwaiting => LookupTexts.NoLongerAwaiting,
            _ => LookupTexts.AnswerFailed,
        });
        return await step.EndDialogAsync(null, cancellationToken);
    }

    /// <summary>
    /// Reads the case, applies the rule and stores the change; when staff changed the case in between
    /// (<see cref="CaseChangedException"/>), once more from a fresh read. A turn repeated after a crash finds its own
    /// answer already in the timeline and counts it as recorded.
    /// </summary>
    private async Task<AnswerOutcome> RecordAsync(AnswerState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var file = await _cases.GetAsync(state.CaseNumber, cancellationToken);
            if (file is null)
            {
                return AnswerOutcome.Failed;
            }
            if (AlreadyRecorded(file, state))
            {
                return AnswerOutcome.Recorded;
            }
            CaseChange change;
            try
            {
                change = _workflow.RecordCitizenAnswer(file, state.Text!, state.Files, now);
            }
            catch (CaseActionException)
            {
                return AnswerOutcome.NotAwaiting;
            }
            try
            {
                await _cases.UpdateAsync(change, cancellationToken);
                LogAnswered(file.Filing.Type, state.Files.Count);
                return AnswerOutcome.Recorded;
            }
            catch (CaseChangedException)
            {
                LogChanged(attempt);
            }
        }
        return AnswerOutcome.Failed;
    }

    private static bool AlreadyRecorded(CaseFile file, AnswerState state) =>
        file.Timeline.Any(entry => entry.Kind == CaseEventKind.CitizenAnswered
            && entry.Text == state.Text
            && (entry.Evidence ?? []).Select(e => e.EvidenceId).SequenceEqual(state.Files.Select(e => e.EvidenceId)));

    private async Task<DialogTurnResult> GiveUpAsync(WaterfallStepContext<AnswerState> step, CancellationToken cancellationToken)
    {
        step.Context.SendText(LookupTexts.AnswerGaveUp);
        return await step.EndDialogAsync(null, cancellationToken);
    }

    private async Task DiscardAsync(IEnumerable<string> evidenceIds, CancellationToken cancellationToken)
    {
        foreach (var evidenceId in evidenceIds.Distinct())
        {
            await _evidence.DeleteAsync(evidenceId, cancellationToken);
        }
    }

    private static Task<bool> AnswerTextAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        var failure = FilingValidators.Clean(prompt.Recognized.Value) switch
        {
            { Length: 0 } => LookupTexts.AnswerEmpty,
            { Length: > MaxAnswerLength } => LookupTexts.AnswerTooLong(MaxAnswerLength),
            _ => null,
        };
        if (!prompt.Recognized.Succeeded)
        {
            return Task.FromResult(false);
        }
        if (failure is not null && !prompt.IsLastAttempt)
        {
            prompt.Context.SendText(failure);
        }
        return Task.FromResult(failure is null);
    }

    private enum AnswerOutcome
    {
        Recorded,
        NotAwaiting,
        Failed,
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Citizen answer recorded on a {CaseType} case with {EvidenceCount} files")]
    private partial void LogAnswered(CaseType caseType, int evidenceCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "The case changed while the citizen answered (attempt {Attempt}); reading it again")]
    private partial void LogChanged(int attempt);
}

/// <summary>The answer dialog's state: the case (proven to be the citizen's), the text and the files.</summary>
public sealed class AnswerState
{
    public string CaseNumber { get; set; } = "";

    public CaseType Type { get; set; }

    public string? Text { get; set; }

    public List<EvidenceReference> Files { get; set; } = [];
}

/// <summary>Finds the evidence ids anywhere in a dialog's state (its own and its inner dialogs'), to delete them on cancel.</summary>
internal static class DialogEvidence
{
    private static readonly string EvidenceIdProperty = DialogJson.Options.PropertyNamingPolicy!.ConvertName(nameof(EvidenceReference.EvidenceId));

    public static IEnumerable<string> IdsIn(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(property => property.Key == EvidenceIdProperty && property.Value is JsonValue value && value.TryGetValue<string>(out var id)
            ? [id]
            : IdsIn(property.Value)),
        JsonArray array => array.SelectMany(IdsIn),
        _ => [],
    };
}
