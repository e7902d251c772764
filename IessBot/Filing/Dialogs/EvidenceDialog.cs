using IessBot.BotFramework.Schema;
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
/// Evidence (DESIGN.md step 8): the citizen sends files one or several at a time; each goes through
/// <see cref="EvidenceIntake"/> (real type from the bytes, size limit of the case type) and is answered on its
/// own; up to <see cref="EvidenceLimits.MaxFilesPerCase"/> files; *Listo* finishes, *Omitir* skips.
/// Ends with the accepted files (a <c>List&lt;EvidenceReference&gt;</c>) or <see cref="PromptGaveUp"/>.
/// </summary>
public sealed class EvidenceDialog : ComponentDialog
{
    public const string DialogId = nameof(EvidenceDialog);
    private const string WaterfallId = "evidenceWaterfall";

    private readonly EvidenceIntake _intake;
    private readonly IEvidenceStore _store;
    private readonly EvidenceLimits _limits;

    public EvidenceDialog(EvidenceIntake intake, IEvidenceStore store, IOptions<EvidenceLimits> limits)
        : base(DialogId)
    {
        _intake = intake;
        _store = store;
        _limits = limits.Value;
        AddDialog(new WaterfallDialog<EvidenceState>(WaterfallId, [AskFilesAsync, TakeFilesAsync]));
        AddDialog(new EvidencePrompt(PromptIds.Evidence));
        InitialDialogId = WaterfallId;
    }

    private async Task<DialogTurnResult> AskFilesAsync(WaterfallStepContext<EvidenceState> step, CancellationToken cancellationToken)
    {
        var state = step.State;
        var question = state.NextPrompt ?? EvidenceTexts.Prompt(state.Type, _limits.MaxFileBytes(state.Type), _limits.MaxFilesPerCase);
        // Once a file is in, "Omitir" would mean nothing: only "Listo" is offered.
        IReadOnlyList<string> buttons = state.Files.Count == 0 ? EvidenceTexts.Options : [EvidenceTexts.DoneLabel];
        return await step.PromptAsync(PromptIds.Evidence, new PromptOptions
        {
            Prompt = MessageFactory.Text(question),
            RetryPrompt = MessageFactory.Text(EvidenceTexts.NotAFile),
            Choices = ChoiceFactory.ToChoices(buttons),
            MaxAttempts = FilingDialog.MaxAttempts,
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> TakeFilesAsync(WaterfallStepContext<EvidenceState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            // The filing ends here: nothing uploaded at this step is kept.
            foreach (var file in step.State.Files)
            {
                await _store.DeleteAsync(file.EvidenceId, cancellationToken);
            }
            return await step.EndDialogAsync(PromptGaveUp.Instance, cancellationToken);
        }
        var answer = step.Result<EvidenceAnswer>();
        var replies = await TakeAsync(step.State, answer.Attachments, cancellationToken);
        if (answer.Finished)
        {
            foreach (var reply in replies)
            {
                step.Context.SendText(reply);
            }
            return await step.EndDialogAsync(step.State.Files, cancellationToken);
        }
        // Every reply but the last goes out now; the last one asks for the next file, with the buttons.
        foreach (var reply in replies.SkipLast(1))
        {
            step.Context.SendText(reply);
        }
        var next = new EvidenceState { Type = step.State.Type, Files = step.State.Files, NextPrompt = replies[^1] };
        return await step.ReplaceDialogAsync(WaterfallId, next, cancellationToken);
    }

    /// <summary>Stores what fits and returns one reply per file (one for all the files over the limit).</summary>
    private async Task<List<string>> TakeAsync(EvidenceState state, IReadOnlyList<Attachment> attachments, CancellationToken cancellationToken)
    {
        var replies = new List<string>();
        var overLimit = 0;
        foreach (var attachment in attachments)
        {
            if (state.Files.Count >= _limits.MaxFilesPerCase)
            {
                overLimit++;
                continue;
            }
            var result = await _intake.AcceptAsync(attachment, state.Type, cancellationToken);
            if (result.IsAccepted)
            {
                state.Files.Add(result.Evidence);
                replies.Add(EvidenceTexts.Received(state.Files.Count, _limits.MaxFilesPerCase));
            }
            else
            {
                replies.Add(Rejection(result, attachment.Name));
            }
        }
        if (overLimit > 0)
        {
            replies.Add(EvidenceTexts.TooManyFiles(_limits.MaxFilesPerCase));
        }
        return replies;
    }

    private static string Rejection(EvidenceIntakeResult result, string? fileName) => result.Rejection switch
    {
        EvidenceRejectionReason.TooLarge => EvidenceTexts.TooLarge(result.MaxBytes, fileName),
        EvidenceRejectionReason.UnsupportedType => EvidenceTexts.UnsupportedType(fileName),
        EvidenceRejectionReason.Empty => EvidenceTexts.Empty(fileName),
        EvidenceRejectionReason.Infected => EvidenceTexts.Infected(fileName),
        EvidenceRejectionReason.PdfActiveContent => EvidenceTexts.PdfActiveContent(fileName),
        EvidenceRejectionReason.Damaged => EvidenceTexts.Damaged(fileName),
        EvidenceRejectionReason.ScanUnavailable => EvidenceTexts.ScanUnavailable(fileName),
        _ => EvidenceTexts.Unreadable(fileName),
    };
}

/// <summary>The evidence dialog's state: the files accepted so far and the question for the next round.</summary>
public sealed class EvidenceState
{
    public CaseType Type { get; set; }

    public List<EvidenceReference> Files { get; set; } = [];

    /// <summary>The reply to the last file, which doubles as the question for the next; null on the first round.</summary>
    public string? NextPrompt { get; set; }
}
