using IessBot.BotFramework.Schema;
using IessBot.Dialogs;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Prompts;
using IessBot.Filing.Geography;
using IessBot.Filing.Texts;
using IessBot.Turns;

namespace IessBot.Filing.Dialogs;

/// <summary>
/// Province, then a canton of that province (DESIGN.md step 6), matched against the official DPA list with
/// accents, case and small typos tolerated. Several fits → the citizen picks one; nothing fits → suggestions;
/// a canton of another province → says where it is and offers *Cambiar provincia*.
/// Ends with the <see cref="LocationState"/> (both codes set) or <see cref="PromptGaveUp"/>.
/// </summary>
public sealed class LocationDialog : ComponentDialog
{
    public const string DialogId = nameof(LocationDialog);
    private const string WaterfallId = "locationWaterfall";

    private readonly EcuadorDpa _dpa;

    public LocationDialog(EcuadorDpa dpa)
        : base(DialogId)
    {
        _dpa = dpa;
        AddDialog(new WaterfallDialog<LocationState>(WaterfallId,
        [
            AskProvinceAsync,
            ResolveProvinceAsync,
            TakeProvinceChoiceAsync,
            AskCantonAsync,
            ResolveCantonAsync,
            TakeCantonChoiceAsync,
        ]));
        AddDialog(new TextPrompt(PromptIds.Province, ValidateProvinceAsync));
        AddDialog(new ChoicePrompt(PromptIds.ProvinceChoice));
        AddDialog(new TextPrompt(PromptIds.Canton, ValidateCantonAsync));
        AddDialog(new ChoicePrompt(PromptIds.CantonChoice));
        InitialDialogId = WaterfallId;
    }

    private async Task<DialogTurnResult> AskProvinceAsync(WaterfallStepContext<LocationState> step, CancellationToken cancellationToken) =>
        await step.PromptAsync(PromptIds.Province, new PromptOptions
        {
            Prompt = ProvinceQuestion(step.Context, step.State.Region),
            MaxAttempts = FilingDialog.MaxAttempts,
        }, cancellationToken);

    /// <summary>
    /// 24 provinces do not fit a short channel menu: there the region comes first, then a menu of its provinces
    /// (reference/whatsapp.md §7.4); any province name or number typed is accepted at both steps.
    /// </summary>
    private Activity ProvinceQuestion(ITurnContext turn, string? regionLabel)
    {
        if (!ChannelCapabilities.HasShortChoiceMenus(turn.Activity.ChannelId))
        {
            return MessageFactory.Text(FilingTexts.ProvincePrompt(_dpa.Provinces));
        }
        if (NaturalRegions.Match(regionLabel) is { } region)
        {
            var provinces = region.ProvinceCodes.Select(code => _dpa.FindProvince(code)!.Name);
            return ChoiceFactory.SuggestedAction(ChoiceFactory.ToChoices(provinces), FilingTexts.ProvinceInRegionPrompt(region), ChoicePrompt.To(turn));
        }
        return ChoiceFactory.SuggestedAction(ChoiceFactory.ToChoices(NaturalRegions.All.Select(r => r.Label)), FilingTexts.ProvinceByRegionPrompt, ChoicePrompt.To(turn));
    }

    private async Task<DialogTurnResult> ResolveProvinceAsync(WaterfallStepContext<LocationState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            return await step.EndDialogAsync(PromptGaveUp.Instance, cancellationToken);
        }
        var answer = step.Result<string>();
        if (IsRegion(step.Context, answer) is { } region)
        {
            return await step.ReplaceDialogAsync(WaterfallId, new LocationState { Region = region.Label }, cancellationToken);
        }
        var match = _dpa.MatchProvince(answer);
        if (match.Kind == DpaMatchKind.Ambiguous)
        {
            return await step.PromptAsync(PromptIds.ProvinceChoice, new PromptOptions
            {
                Prompt = MessageFactory.Text(FilingTexts.ProvinceAmbiguous(match.Candidates)),
                Choices = [.. match.Candidates.Select(province => new Choice(province.Name))],
                MaxAttempts = FilingDialog.MaxAttempts,
            }, cancellationToken);
        }
        var province = match.Province!;
        step.State.ProvinceCode = province.Code;
        if (match.ViaCanton is { } canton)
        {
            // The citizen answered with a city ("Guayaquil"): that is also the canton, so it is not asked again.
            step.State.CantonCode = canton.Code;
            step.Context.SendText(FilingTexts.LocationNotedViaCanton(province, canton));
        }
        return await step.NextAsync(null, cancellationToken);
    }

    private async Task<DialogTurnResult> TakeProvinceChoiceAsync(WaterfallStepContext<LocationState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            return await step.EndDialogAsync(PromptGaveUp.Instance, cancellationToken);
        }
        if (step.ResultOrDefault<FoundChoice>() is { } choice)
        {
            step.State.ProvinceCode = _dpa.Provinces.First(province => province.Name == choice.Value).Code;
        }
        return await step.NextAsync(null, cancellationToken);
    }

    private async Task<DialogTurnResult> AskCantonAsync(WaterfallStepContext<LocationState> step, CancellationToken cancellationToken)
    {
        if (step.State.CantonCode is not null)
        {
            return await step.NextAsync(null, cancellationToken);
        }
        var province = ProvinceOf(step.State);
        // On a short-menu channel a province with few cantons gets them as a menu, with *Cambiar provincia* as its last option.
        var asMenu = ChannelCapabilities.HasShortChoiceMenus(step.Context.Activity.ChannelId)
            && province.Cantons.Count + 1 <= ChannelCapabilities.MaxSuggestedActions(step.Context.Activity.ChannelId);
        var prompt = asMenu
            ? ChoiceFactory.SuggestedAction(
                ChoiceFactory.ToChoices([.. province.Cantons.Select(canton => canton.Name), FilingTexts.ChangeProvinceLabel]),
                FilingTexts.CantonMenuPrompt(province),
                ChoicePrompt.To(step.Context))
            : ChoiceFactory.SuggestedAction([FilingTexts.ChangeProvinceLabel], FilingTexts.CantonPrompt(province), ChoicePrompt.To(step.Context));
        return await step.PromptAsync(PromptIds.Canton, new PromptOptions
        {
            Prompt = prompt,
            MaxAttempts = FilingDialog.MaxAttempts,
        }.WithValidations(province.Code), cancellationToken);
    }

    private async Task<DialogTurnResult> ResolveCantonAsync(WaterfallStepContext<LocationState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            return await step.EndDialogAsync(PromptGaveUp.Instance, cancellationToken);
        }
        if (step.RawResult is not string answer)
        {
            return await step.NextAsync(null, cancellationToken);
        }
        if (IsChangeProvince(answer))
        {
            return await step.ReplaceDialogAsync(WaterfallId, new LocationState(), cancellationToken);
        }
        var province = ProvinceOf(step.State);
        var match = _dpa.MatchCanton(province, answer);
        if (match.Kind == DpaMatchKind.Ambiguous)
        {
            return await step.PromptAsync(PromptIds.CantonChoice, new PromptOptions
            {
                Prompt = MessageFactory.Text(FilingTexts.CantonAmbiguous(match.Candidates)),
                Choices = [.. match.Candidates.Select(canton => new Choice(canton.Name))],
                MaxAttempts = FilingDialog.MaxAttempts,
            }, cancellationToken);
        }
        step.State.CantonCode = match.Canton!.Code;
        if (match.Kind == DpaMatchKind.Close)
        {
            step.Context.SendText(FilingTexts.CantonNoted(match.Canton));
        }
        return await step.NextAsync(null, cancellationToken);
    }

    private async Task<DialogTurnResult> TakeCantonChoiceAsync(WaterfallStepContext<LocationState> step, CancellationToken cancellationToken)
    {
        if (step.PromptGaveUp)
        {
            return await step.EndDialogAsync(PromptGaveUp.Instance, cancellationToken);
        }
        if (step.ResultOrDefault<FoundChoice>() is { } choice)
        {
            step.State.CantonCode = ProvinceOf(step.State).Cantons.First(canton => canton.Name == choice.Value).Code;
        }
        return await step.EndDialogAsync(step.State, cancellationToken);
    }

    private Task<bool> ValidateProvinceAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        if (!prompt.Recognized.Succeeded)
        {
            return Task.FromResult(false);
        }
        var match = _dpa.MatchProvince(prompt.Recognized.Value);
        if (match.Kind != DpaMatchKind.NotFound || IsRegion(prompt.Context, prompt.Recognized.Value) is not null)
        {
            return Task.FromResult(true);
        }
        if (!prompt.IsLastAttempt)
        {
            prompt.Context.SendText(FilingTexts.ProvinceNotFound(match.Candidates));
        }
        return Task.FromResult(false);
    }

    private Task<bool> ValidateCantonAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        if (!prompt.Recognized.Succeeded)
        {
            return Task.FromResult(false);
        }
        if (IsChangeProvince(prompt.Recognized.Value))
        {
            return Task.FromResult(true);
        }
        var province = _dpa.FindProvince(prompt.Options.GetValidations<string>()!)!;
        var match = _dpa.MatchCanton(province, prompt.Recognized.Value);
        if (match.Kind != DpaMatchKind.NotFound)
        {
            return Task.FromResult(true);
        }
        if (!prompt.IsLastAttempt)
        {
            prompt.Context.SendText(match.InOtherProvinces is [var elsewhere, ..]
                ? FilingTexts.CantonInOtherProvince(province, elsewhere, ProvincesNamed(elsewhere.Name, match.InOtherProvinces))
                : FilingTexts.CantonNotFound(province, match.Candidates));
        }
        return Task.FromResult(false);
    }

    // Several provinces can have a canton of the same name (Bolívar is in Carchi and in Manabí).
    private Province[] ProvincesNamed(string cantonName, IReadOnlyList<Canton> cantons) =>
        [.. cantons.Where(canton => canton.Name == cantonName).Select(_dpa.ProvinceOf).Distinct()];

    private Province ProvinceOf(LocationState state) =>
        _dpa.FindProvince(state.ProvinceCode ?? throw new InvalidOperationException("The province is asked before the canton."))
        ?? throw new InvalidOperationException("The province code in the state is not in the DPA list.");

    /// <summary>A region named exactly, on a channel that asks by region; a province name always wins over a region.</summary>
    private NaturalRegion? IsRegion(ITurnContext turn, string? answer) =>
        ChannelCapabilities.HasShortChoiceMenus(turn.Activity.ChannelId) && _dpa.MatchProvince(answer).Kind == DpaMatchKind.NotFound
            ? NaturalRegions.Match(answer)
            : null;

    private static bool IsChangeProvince(string? answer) =>
        SpanishText.Normalize(answer) == SpanishText.Normalize(FilingTexts.ChangeProvinceLabel);
}

/// <summary>The location dialog's state, and its result: INEC codes of the province and the canton.</summary>
public sealed class LocationState
{
    /// <summary>The natural region chosen first on short-menu channels (its label), while the province is still asked.</summary>
    public string? Region { get; set; }

    public string? ProvinceCode { get; set; }

    public string? CantonCode { get; set; }
}
