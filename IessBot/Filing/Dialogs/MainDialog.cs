using IessBot.Cases;
using IessBot.Dialogs;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Prompts;
using IessBot.Filing.Texts;
using IessBot.Turns;

namespace IessBot.Filing.Dialogs;

/// <summary>
/// The menu (DESIGN.md step 1): *Registrar queja*, *Registrar denuncia*, *Consultar mi caso*, *Ayuda*. Whatever
/// is chosen, the menu comes back when it ends. It is the outermost dialog, so it hears *cancelar*, *ayuda* and
/// *menú* first, at every step of every dialog inside it.
/// </summary>
public sealed class MainDialog : ComponentDialog
{
    public const string DialogId = nameof(MainDialog);
    private const string MenuWaterfallId = "menuWaterfall";

    private static readonly IReadOnlyList<Choice> MenuChoices =
    [
        new(MenuTexts.FileQuejaLabel) { Synonyms = ["queja", "poner una queja", "quejarme"] },
        new(MenuTexts.FileDenunciaLabel) { Synonyms = ["denuncia", "denunciar", "poner una denuncia"] },
        new(MenuTexts.LookupCaseLabel) { Synonyms = ["consultar", "mi caso", "estado de mi caso", "consultar caso"] },
        new(MenuTexts.HelpLabel),
    ];

    public MainDialog(FilingDialog filing, CaseLookupDialog lookup)
        : base(DialogId)
    {
        AddDialog(new WaterfallDialog<MenuState>(MenuWaterfallId, [ShowMenuAsync, RouteAsync, LoopAsync]));
        AddDialog(new ChoicePrompt(PromptIds.Menu));
        AddDialog(filing);
        AddDialog(lookup);
        InitialDialogId = MenuWaterfallId;
    }

    /// <summary>Begin options that greet first (a new conversation).</summary>
    public static MenuState Welcome => new() { Welcome = true };

    // The commands of MenuTexts as citizens type them: accents, case and punctuation do not matter.
    private static readonly string CancelCommand = SpanishText.Normalize(MenuTexts.CancelKeyword);
    private static readonly string HelpCommand = SpanishText.Normalize(MenuTexts.HelpKeyword);
    private static readonly HashSet<string> MenuCommands =
        [SpanishText.Normalize(MenuTexts.MenuKeyword), "menu principal", "volver al menu", "inicio"];

    protected override async Task<DialogTurnResult?> OnInterruptAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        var command = SpanishText.Normalize(innerDc.Context.Activity.Text);
        if (command == CancelCommand)
        {
            return await RestartMenuAsync(innerDc, CancelNotice(innerDc), cancellationToken);
        }
        if (MenuCommands.Contains(command))
        {
            return await RestartMenuAsync(innerDc, IsFiling(innerDc) ? MenuTexts.BackToMenu : null, cancellationToken);
        }
        if (command == HelpCommand)
        {
            innerDc.Context.SendText(HelpTexts.For(WaitingPromptId(innerDc)));
            await innerDc.RepromptDialogAsync(cancellationToken);
            return EndOfTurn;
        }
        return null;
    }

    private static async Task<DialogTurnResult> ShowMenuAsync(WaterfallStepContext<MenuState> step, CancellationToken cancellationToken) =>
        await step.PromptAsync(PromptIds.Menu, new PromptOptions
        {
            Prompt = MessageFactory.Text(step.State switch
            {
                { Welcome: true } => MenuTexts.Greeting,
                { FiledCaseNumber: { } caseNumber } => MenuTexts.MenuAfterFiling(caseNumber),
                _ => MenuTexts.MenuPrompt,
            }),
            RetryPrompt = MessageFactory.Text(MenuTexts.MenuNotUnderstood),
            Choices = MenuChoices,
        }, cancellationToken);

    private static async Task<DialogTurnResult> RouteAsync(WaterfallStepContext<MenuState> step, CancellationToken cancellationToken)
    {
        switch (MenuChoices[step.Result<FoundChoice>().Index].Value)
        {
            case MenuTexts.FileQuejaLabel:
                return await step.BeginDialogAsync(FilingDialog.DialogId, new FilingState { Type = CaseType.Queja }, cancellationToken);
            case MenuTexts.FileDenunciaLabel:
                return await step.BeginDialogAsync(FilingDialog.DialogId, new FilingState { Type = CaseType.Denuncia }, cancellationToken);
            case MenuTexts.LookupCaseLabel:
                return await step.BeginDialogAsync(CaseLookupDialog.DialogId, null, cancellationToken);
            default:
                step.Context.SendText(MenuTexts.Help);
                return await step.NextAsync(null, cancellationToken);
        }
    }

    /// <summary>No dead ends: after a filing, a lookup or the help, the menu again.</summary>
    private static async Task<DialogTurnResult> LoopAsync(WaterfallStepContext<MenuState> step, CancellationToken cancellationToken)
    {
        // After a filing the menu repeats the case number, so the last message of the conversation carries it.
        var filed = step.RawResult is FilingEnded { Outcome: FilingOutcome.Filed } ended ? ended.CaseNumber : null;
        return await step.ReplaceDialogAsync(MenuWaterfallId, new MenuState { FiledCaseNumber = filed }, cancellationToken);
    }

    private static async Task<DialogTurnResult> RestartMenuAsync(DialogContext innerDc, string? notice, CancellationToken cancellationToken)
    {
        // Cancelling drops the filing's state with everything the citizen typed: nothing was stored.
        await innerDc.CancelAllDialogsAsync(cancellationToken);
        if (notice is not null)
        {
            innerDc.Context.SendText(notice);
        }
        return await innerDc.BeginDialogAsync(MenuWaterfallId, new MenuState(), cancellationToken);
    }

    private static string? CancelNotice(DialogContext innerDc) => innerDc.ActiveDialog?.Id switch
    {
        FilingDialog.DialogId => MenuTexts.Cancelled,
        CaseLookupDialog.DialogId => LookupTexts.Cancelled,
        _ => null,
    };

    private static bool IsFiling(DialogContext innerDc) => innerDc.ActiveDialog?.Id == FilingDialog.DialogId;

    /// <summary>The id of the prompt at the bottom of the nested stacks: the question the citizen has in front of them.</summary>
    private static string? WaitingPromptId(DialogContext innerDc)
    {
        var dc = innerDc;
        while (dc.Child is { } child)
        {
            dc = child;
        }
        return dc.ActiveDialog?.Id;
    }
}

/// <summary>The menu's state: whether this is the first menu of the conversation (greet first), or follows a filing.</summary>
public sealed class MenuState
{
    public bool Welcome { get; set; }

    /// <summary>The case number just filed, repeated in the menu's question.</summary>
    public string? FiledCaseNumber { get; set; }
}
