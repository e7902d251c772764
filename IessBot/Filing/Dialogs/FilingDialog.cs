using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Dialogs;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Prompts;
using IessBot.Evidence;
using IessBot.Filing.Texts;
using IessBot.Filing.Validation;
using IessBot.Turns;

namespace IessBot.Filing.Dialogs;

/// <summary>How a filing ended; the menu shows itself again whatever the outcome.</summary>
public enum FilingOutcome
{
    Filed,
    ConsentDeclined,
    Cancelled,
    GaveUp,
}

/// <summary>The result the filing dialog ends with; <see cref="CaseNumber"/> is set when the case was filed.</summary>
public sealed record FilingEnded(FilingOutcome Outcome, string? CaseNumber = null);

/// <summary>
/// A queja or denuncia from category to case number (DESIGN.md steps 2–10). Begin it with a
/// <see cref="FilingState"/> that carries the <see cref="FilingState.Type"/>. Each field is an ask step and a
/// take step; "Corregir" runs the waterfall again with <see cref="FilingState.Correcting"/> set, so every
/// other field passes by and the summary comes back. Ends with a <see cref="FilingEnded"/>.
/// </summary>
public sealed class FilingDialog : ComponentDialog
{
    public const string DialogId = nameof(FilingDialog);

    /// <summary>Answers each prompt accepts before the filing ends politely and the menu is shown.</summary>
    public const int MaxAttempts = 5;

    private const string WaterfallId = "filingWaterfall";

    private static readonly IReadOnlyList<Choice> SummaryChoices =
    [
        new(SummaryTexts.ConfirmLabel) { Synonyms = ["sí", "confirmo", "correcto", "está bien", "registrar"] },
        new(SummaryTexts.CorrectLabel) { Synonyms = ["cambiar", "corregir un dato", "modificar", "editar"] },
        new(SummaryTexts.CancelLabel),
    ];

    private readonly CaseFiler _filer;
    private readonly IEvidenceStore _evidence;

    public FilingDialog(CaseFiler filer, IEvidenceStore evidenceStore, ConsentDialog consent, LocationDialog location, EvidenceDialog evidence)
        : base(DialogId)
    {
        _filer = filer;
        _evidence = evidenceStore;
        AddDialog(new WaterfallDialog<FilingState>(WaterfallId,
        [
            AskCategoryAsync, TakeCategoryAsync,
            AskConsentAsync, TakeConsentAsync,
            AskCedulaAsync, TakeCedulaAsync,
            AskPhoneAsync, TakePhoneOfferAsync, TakePhoneAsync,
            AskEmailAsync, TakeEmailAsync,
            AskLocationAsync, TakeLocationAsync,
            AskStreetAsync, TakeStreetAsync,
            AskDescriptionAsync, TakeDescriptionAsync,
            AskPlaceAsync, TakePlaceAsync,
            AskEvidenceAsync, TakeEvidenceAsync,
            ShowSummaryAsync, TakeSummaryChoiceAsync,
            TakeCorrectionAsync,
        ]));
        AddDialog(new ChoicePrompt(PromptIds.Category));
        AddDialog(consent);
        AddDialog(new TextPrompt(PromptIds.Cedula, FilingValidators.CedulaAsync));
        AddDialog(new ChoicePrompt(PromptIds.PhoneOffer));
        AddDialog(new TextPrompt(PromptIds.Phone, FilingValidators.PhoneAsync));
        AddDialog(new TextPrompt(PromptIds.Email, FilingValidators.EmailAsync));
        AddDialog(location);
        AddDialog(new TextPrompt(PromptIds.Street, FilingValidators.StreetAsync));
        AddDialog(new TextPrompt(PromptIds.Description, FilingValidators.DescriptionAsync));
        AddDialog(new TextPrompt(PromptIds.Place, FilingValidators.PlaceAsync));
        AddDialog(evidence);
        AddDialog(new ChoicePrompt(PromptIds.Summary));
        AddDialog(new ChoicePrompt(PromptIds.Correction));
        InitialDialogId = WaterfallId;
    }

    /// <summary>
    /// Cancelled from outside (*cancelar*, *menú*): the files already uploaded are deleted too, since nothing of an
    /// abandoned filing is kept. They are found wherever they are in this dialog's state (filing or evidence step).
    /// </summary>
    public override async Task EndDialogAsync(ITurnContext turn, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken)
    {
        if (reason == DialogReason.CancelCalled)
        {
            await DiscardAsync(DialogEvidence.IdsIn(instance.State), cancellationToken);
        }
        await base.EndDialogAsync(turn, instance, reason, cancellationToken);
    }

    private async Task<DialogTurnResult> AskCategoryAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken)
    {
        if (step.State.Skips(FilingField.Category))
        {
            return await step.NextAsync(null, cancellationToken);
        }
        if (step.State.Correcting is null)
        {
            step.Context.SendText(FilingTexts.Intro(step.State.Type));
        }
        var type = step.State.Type;
        return await step.PromptAsync(PromptIds.Category, new PromptOptions
        {
            Prompt = MessageFactory.Text(FilingTexts.CategoryPrompt(type)),
            RetryPrompt = MessageFactory.Text(FilingTexts.CategoryNotUnderstood),
            Choices = [.. Categories.For(type).Select(category => new Choice(category.ShortLabel) { Synonyms = [category.FullName, category.Code] })],
            MaxAttempts = MaxAttempts,
        }, cancellationToken);
    }

    private Task<DialogTurnResult> TakeCategoryAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        TakeAsync<FoundChoice>(step, FilingField.Category, (state, choice) => state.Category = Categories.For(state.Type)[choice.Index].Code, cancellationToken);

    private async Task<DialogTurnResult> AskConsentAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        step.State.Skips(FilingField.Consent)
            ? await step.NextAsync(null, cancellationToken)
            : await step.BeginDialogAsync(ConsentDialog.DialogId, new ConsentState { Type = step.State.Type }, cancellationToken);

    private async Task<DialogTurnResult> TakeConsentAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken)
    {
        if (step.State.Skips(FilingField.Consent))
        {
            return await step.NextAsync(null, cancellationToken);
        }
        if (step.PromptGaveUp)
        {
            return await GiveUpAsync(step, cancellationToken);
        }
        if (!step.Result<bool>())
        {
            step.Context.SendText(ConsentTexts.Declined(step.State.Type));
            return await step.EndDialogAsync(new FilingEnded(FilingOutcome.ConsentDeclined), cancellationToken);
        }
        // LOPDP Art. 8: the consent must be provable, with the version of the text that was accepted.
        step.State.Consent = new ConsentRecord(ConsentTexts.ConsentNoticeVersion, step.Context.Time.GetUtcNow());
        return await step.NextAsync(null, cancellationToken);
    }

    private Task<DialogTurnResult> AskCedulaAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        AskTextAsync(step, FilingField.Cedula, PromptIds.Cedula, FilingTexts.CedulaPrompt, cancellationToken);

    private Task<DialogTurnResult> TakeCedulaAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        TakeAsync<string>(step, FilingField.Cedula, (state, text) => state.Cedula = CedulaValidator.Check(text).Normalized, cancellationToken);

    /// <summary>On WhatsApp the number the citizen writes from is known: offer it first (reference/domain.md §2).</summary>
    private async Task<DialogTurnResult> AskPhoneAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken)
    {
        if (step.State.Skips(FilingField.Phone))
        {
            return await step.NextAsync(null, cancellationToken);
        }
        if (SenderPhone(step.Context.Activity) is not { } sender)
        {
            return await step.NextAsync(null, cancellationToken);
        }
        return await step.PromptAsync(PromptIds.PhoneOffer, new PromptOptions
        {
            Prompt = MessageFactory.Text(FilingTexts.PhoneConfirmWhatsApp(sender)),
            Choices = ChoiceFactory.ToChoices(FilingTexts.PhoneConfirmWhatsAppOptions),
            MaxAttempts = MaxAttempts,
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> TakePhoneOfferAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken)
    {
        if (step.State.Skips(FilingField.Phone))
        {
            return await step.NextAsync(null, cancellationToken);
        }
        if (step.PromptGaveUp)
        {
            return await GiveUpAsync(step, cancellationToken);
        }
        if (step.ResultOrDefault<FoundChoice>() is { Index: 0 } && SenderPhone(step.Context.Activity) is { } sender)
        {
            return await step.NextAsync(sender, cancellationToken);
        }
        return await step.PromptAsync(PromptIds.Phone, TextOptions(FilingTexts.PhonePrompt), cancellationToken);
    }

    private Task<DialogTurnResult> TakePhoneAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        TakeAsync<string>(step, FilingField.Phone, (state, text) => state.Phone = PhoneValidator.Check(text).E164, cancellationToken);

    private Task<DialogTurnResult> AskEmailAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        AskTextAsync(step, FilingField.Email, PromptIds.Email, FilingTexts.EmailPrompt, cancellationToken);

    private Task<DialogTurnResult> TakeEmailAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        TakeAsync<string>(step, FilingField.Email, (state, text) => state.Email = EmailValidator.Check(text).Normalized, cancellationToken);

    private async Task<DialogTurnResult> AskLocationAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        step.State.Skips(FilingField.Location)
            ? await step.NextAsync(null, cancellationToken)
            : await step.BeginDialogAsync(LocationDialog.DialogId, new LocationState(), cancellationToken);

    private Task<DialogTurnResult> TakeLocationAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        TakeAsync<LocationState>(step, FilingField.Location, (state, location) =>
        {
            state.ProvinceCode = location.ProvinceCode;
            state.CantonCode = location.CantonCode;
        }, cancellationToken);

    private Task<DialogTurnResult> AskStreetAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        AskTextAsync(step, FilingField.Address, PromptIds.Street, FilingTexts.StreetPrompt, cancellationToken);

    private Task<DialogTurnResult> TakeStreetAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        TakeAsync<string>(step, FilingField.Address, (state, text) => state.Street = FilingValidators.Clean(text), cancellationToken);

    private Task<DialogTurnResult> AskDescriptionAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        AskTextAsync(step, FilingField.Description, PromptIds.Description, FilingTexts.DescriptionPrompt(step.State.Type), cancellationToken);

    private Task<DialogTurnResult> TakeDescriptionAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        TakeAsync<string>(step, FilingField.Description, (state, text) => state.Description = DescriptionRule.Check(text).Normalized, cancellationToken);

    private async Task<DialogTurnResult> AskPlaceAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken)
    {
        if (step.State.Skips(FilingField.Place))
        {
            return await step.NextAsync(null, cancellationToken);
        }
        var prompt = ChoiceFactory.SuggestedAction(ChoiceFactory.ToChoices(FilingTexts.PlaceOptions), FilingTexts.PlacePrompt, ChoicePrompt.To(step.Context));
        return await step.PromptAsync(PromptIds.Place, new PromptOptions { Prompt = prompt, MaxAttempts = MaxAttempts }, cancellationToken);
    }

    private Task<DialogTurnResult> TakePlaceAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        TakeAsync<string>(step, FilingField.Place, (state, text) =>
            state.Place = IsSkip(text) ? null : FilingValidators.Clean(text), cancellationToken);

    private async Task<DialogTurnResult> AskEvidenceAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken)
    {
        if (step.State.Skips(FilingField.Evidence))
        {
            return await step.NextAsync(null, cancellationToken);
        }
        // Correcting the evidence starts the list again: the citizen sends the files that should stay.
        await DiscardAsync(step.State.Evidence.Select(file => file.EvidenceId), cancellationToken);
        step.State.Evidence = [];
        return await step.BeginDialogAsync(EvidenceDialog.DialogId, new EvidenceState { Type = step.State.Type }, cancellationToken);
    }

    private Task<DialogTurnResult> TakeEvidenceAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken) =>
        TakeAsync<List<EvidenceReference>>(step, FilingField.Evidence, (state, files) => state.Evidence = files, cancellationToken);

    private async Task<DialogTurnResult> ShowSummaryAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken)
    {
        var state = step.State;
        state.Correcting = null;
        // Fixed one turn before the confirmation, so that the confirmation turn is idempotent (see FilingState.CaseNumber).
        _filer.FixIdentity(state);
        step.Context.SendText(SummaryTexts.Summary(_filer.Summarize(state)));
        return await step.PromptAsync(PromptIds.Summary, new PromptOptions
        {
            Prompt = MessageFactory.Text(SummaryTexts.ConfirmPrompt),
            RetryPrompt = MessageFactory.Text(SummaryTexts.NotUnderstood),
            Choices = SummaryChoices,
            MaxAttempts = MaxAttempts,
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> TakeSummaryChoiceAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            return await GiveUpAsync(step, cancellationToken);
        }
        switch (SummaryTexts.Options[step.Result<FoundChoice>().Index])
        {
            case SummaryTexts.ConfirmLabel:
                var filed = await _filer.FileAsync(step.State, step.Context.Activity, step.Context.Time.GetUtcNow(), cancellationToken);
                step.Context.SendText(SummaryTexts.CaseFiled(filed.Type, filed.CaseNumber, filed.Email));
                return await step.EndDialogAsync(new FilingEnded(FilingOutcome.Filed, filed.CaseNumber), cancellationToken);
            case SummaryTexts.CancelLabel:
                await DiscardAsync(step.State.Evidence.Select(file => file.EvidenceId), cancellationToken);
                step.Context.SendText(MenuTexts.Cancelled);
                return await step.EndDialogAsync(new FilingEnded(FilingOutcome.Cancelled), cancellationToken);
            default:
                return await step.PromptAsync(PromptIds.Correction, new PromptOptions
                {
                    Prompt = MessageFactory.Text(SummaryTexts.WhichFieldPrompt),
                    RetryPrompt = MessageFactory.Text(SummaryTexts.WhichFieldNotUnderstood),
                    Choices = ChoiceFactory.ToChoices(SummaryTexts.CorrectionOptions),
                    MaxAttempts = MaxAttempts,
                }, cancellationToken);
        }
    }

    private async Task<DialogTurnResult> TakeCorrectionAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            return await GiveUpAsync(step, cancellationToken);
        }
        step.State.Correcting = SummaryTexts.CorrectableFields[step.Result<FoundChoice>().Index];
        return await step.ReplaceDialogAsync(WaterfallId, step.State, cancellationToken);
    }

    private async Task<DialogTurnResult> AskTextAsync(
        WaterfallStepContext<FilingState> step, FilingField field, string promptId, string question, CancellationToken cancellationToken) =>
        step.State.Skips(field)
            ? await step.NextAsync(null, cancellationToken)
            : await step.PromptAsync(promptId, TextOptions(question), cancellationToken);

    /// <summary>The take half of a field: passes by when the field is not being asked, ends politely when the prompt gave up.</summary>
    private async Task<DialogTurnResult> TakeAsync<T>(
        WaterfallStepContext<FilingState> step, FilingField field, Action<FilingState, T> store, CancellationToken cancellationToken)
    {
        if (step.State.Skips(field))
        {
            return await step.NextAsync(null, cancellationToken);
        }
        if (step.PromptGaveUp)
        {
            return await GiveUpAsync(step, cancellationToken);
        }
        store(step.State, step.Result<T>());
        return await step.NextAsync(null, cancellationToken);
    }

    private async Task<DialogTurnResult> GiveUpAsync(WaterfallStepContext<FilingState> step, CancellationToken cancellationToken)
    {
        await DiscardAsync(step.State.Evidence.Select(file => file.EvidenceId), cancellationToken);
        step.Context.SendText(MenuTexts.TooManyAttempts);
        return await step.EndDialogAsync(new FilingEnded(FilingOutcome.GaveUp), cancellationToken);
    }

    private async Task DiscardAsync(IEnumerable<string> evidenceIds, CancellationToken cancellationToken)
    {
        foreach (var evidenceId in evidenceIds.Distinct())
        {
            await _evidence.DeleteAsync(evidenceId, cancellationToken);
        }
    }

    private static PromptOptions TextOptions(string question) =>
        new() { Prompt = MessageFactory.Text(question), MaxAttempts = MaxAttempts };

    private static bool IsSkip(string text) => SpanishText.Normalize(text) == SpanishText.Normalize(FilingTexts.SkipLabel);

    /// <summary>
    /// The sender's number on WhatsApp, when WhatsApp shares it and it is a valid phone: the <c>waId</c> property of the
    /// user account (the user id is the business-scoped id when there is one, reference/whatsapp.md §2.9), else the user id.
    /// </summary>
    private static string? SenderPhone(Activity activity) =>
        activity.ChannelId == Channels.WhatsApp && (WaId(activity.From) ?? activity.From?.Id) is { Length: > 0 } id
            && id.TrimStart('+').All(char.IsAsciiDigit)
            && PhoneValidator.Check("+" + id.TrimStart('+')) is { IsValid: true, E164: { } e164 }
            ? e164
            : null;

    private static string? WaId(ChannelAccount? account) =>
        account?.Properties?.TryGetValue("waId", out var value) == true && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;

}
