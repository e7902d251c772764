using IessBot.Dialogs;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Prompts;

namespace IessBot.Tests.Dialogs.Samples;

/// <summary>
/// A root component with application-wide commands, the way the app implements *cancelar*, *ayuda*
/// and *menú* (reference/botframework.md §6.7): menu → description → confirmation.
/// </summary>
public sealed class MenuWithCommandsDialog : ComponentDialog
{
    private const string MenuId = "menu";
    private const string ChoicePromptId = "choice";
    private const string TextPromptId = "text";
    private const string ConfirmPromptId = "confirm";

    public MenuWithCommandsDialog()
        : base(nameof(MenuWithCommandsDialog))
    {
        AddDialog(new WaterfallDialog<MenuState>(MenuId, [AskOptionAsync, AskDescriptionAsync, AskConfirmAsync, FinishAsync]));
        AddDialog(new ChoicePrompt(ChoicePromptId));
        AddDialog(new TextPrompt(TextPromptId));
        AddDialog(new ConfirmPrompt(ConfirmPromptId));
    }

    public static class Texts
    {
        public const string Menu = "¿En qué le puedo ayudar?";
        public const string AskDescription = "Describa los hechos.";
        public const string AskConfirm = "¿Desea enviar?";
        public const string Sent = "Enviado.";
        public const string Help = "Puede escribir «cancelar» para salir o «menú» para volver al inicio.";
        public const string Cancelled = "Se canceló el trámite. Escriba cualquier mensaje para empezar de nuevo.";
    }

    protected override async Task<DialogTurnResult?> OnInterruptAsync(DialogContext innerDc, CancellationToken cancellationToken)
    {
        var text = innerDc.Context.Activity.Text;
        if (SpanishText.IsOneOf(text, "cancelar", "salir"))
        {
            innerDc.Context.Send(MessageFactory.Text(Texts.Cancelled));
            return await innerDc.CancelAllDialogsAsync(cancellationToken);
        }
        if (SpanishText.IsOneOf(text, "ayuda", "?"))
        {
            innerDc.Context.Send(MessageFactory.Text(Texts.Help));
            return EndOfTurn;
        }
        if (SpanishText.IsOneOf(text, "menú", "inicio"))
        {
            await innerDc.CancelAllDialogsAsync(cancellationToken);
            return await innerDc.BeginDialogAsync(MenuId, null, cancellationToken);
        }
        return null;
    }

    private static Task<DialogTurnResult> AskOptionAsync(WaterfallStepContext<MenuState> step, CancellationToken ct) =>
        step.PromptAsync(ChoicePromptId, new PromptOptions
        {
            Prompt = MessageFactory.Text(Texts.Menu),
            Choices = ChoiceFactory.ToChoices("Registrar queja", "Consultar caso"),
        }, ct);

    private static Task<DialogTurnResult> AskDescriptionAsync(WaterfallStepContext<MenuState> step, CancellationToken ct)
    {
        step.State.Option = step.Result<FoundChoice>().Value;
        return step.PromptAsync(TextPromptId, new PromptOptions { Prompt = MessageFactory.Text(Texts.AskDescription) }, ct);
    }

    private static Task<DialogTurnResult> AskConfirmAsync(WaterfallStepContext<MenuState> step, CancellationToken ct)
    {
        step.State.Description = step.Result<string>();
        return step.PromptAsync(ConfirmPromptId, new PromptOptions { Prompt = MessageFactory.Text(Texts.AskConfirm) }, ct);
    }

    private static async Task<DialogTurnResult> FinishAsync(WaterfallStepContext<MenuState> step, CancellationToken ct)
    {
        step.Context.Send(MessageFactory.Text(Texts.Sent));
        return await step.EndDialogAsync(step.State, ct);
    }
}
