using IessBot.Dialogs;
using IessBot.Dialogs.Choices;
using IessBot.Dialogs.Prompts;

namespace IessBot.Tests.Dialogs.Samples;

/// <summary>The typed state of <see cref="ProfileDialog"/>: persisted as JSON between turns.</summary>
public sealed class ProfileState
{
    public string? Name { get; set; }
    public string? Topic { get; set; }
    public int TopicIndex { get; set; } = -1;
    public bool? Confirmed { get; set; }
}

/// <summary>A Text → Choice → Confirm waterfall written the way application dialogs are meant to be.</summary>
public sealed class ProfileDialog : ComponentDialog
{
    public const string NamePrompt = "namePrompt";
    public const string TopicPrompt = "topicPrompt";
    public const string ConfirmPromptId = "confirmPrompt";

    public ProfileDialog(int? maxNameAttempts = null)
        : base(nameof(ProfileDialog))
    {
        MaxNameAttempts = maxNameAttempts;
        AddDialog(new WaterfallDialog<ProfileState>("profile", [AskNameAsync, AskTopicAsync, AskConfirmAsync, FinishAsync]));
        AddDialog(new TextPrompt(NamePrompt, ValidateNameAsync));
        AddDialog(new ChoicePrompt(TopicPrompt));
        AddDialog(new ConfirmPrompt(ConfirmPromptId));
    }

    public int? MaxNameAttempts { get; }

    public static class Texts
    {
        public const string AskName = "¿Cuál es su nombre?";
        public const string RetryName = "Por favor, escriba su nombre.";
        public const string NameTooShort = "El nombre debe tener al menos 2 letras. Escríbalo de nuevo.";
        public const string GaveUp = "Lo sentimos, no pudimos registrar su nombre. Volvamos al menú.";
        public const string AskTopic = "¿Qué desea hacer?";
        public const string RetryTopic = "Elija una de las opciones.";
        public const string AskConfirm = "¿Confirma sus datos?";
        public const string Done = "Listo.";
    }

    public static readonly IReadOnlyList<Choice> Topics = ChoiceFactory.ToChoices("Registrar queja", "Registrar denuncia", "Consultar mi caso");

    private Task<DialogTurnResult> AskNameAsync(WaterfallStepContext<ProfileState> step, CancellationToken ct) =>
        step.PromptAsync(NamePrompt, new PromptOptions
        {
            Prompt = MessageFactory.Text(Texts.AskName),
            RetryPrompt = MessageFactory.Text(Texts.RetryName),
            MaxAttempts = MaxNameAttempts,
        }, ct);

    private async Task<DialogTurnResult> AskTopicAsync(WaterfallStepContext<ProfileState> step, CancellationToken ct)
    {
        if (step.PromptGaveUp)
        {
            step.Context.Send(MessageFactory.Text(Texts.GaveUp));
            return await step.EndDialogAsync(null, ct);
        }
        step.State.Name = step.Result<string>();
        return await step.PromptAsync(TopicPrompt, new PromptOptions
        {
            Prompt = MessageFactory.Text(Texts.AskTopic),
            RetryPrompt = MessageFactory.Text(Texts.RetryTopic),
            Choices = Topics,
        }, ct);
    }

    private async Task<DialogTurnResult> AskConfirmAsync(WaterfallStepContext<ProfileState> step, CancellationToken ct)
    {
        var topic = step.Result<FoundChoice>();
        step.State.Topic = topic.Value;
        step.State.TopicIndex = topic.Index;
        return await step.PromptAsync(ConfirmPromptId, new PromptOptions { Prompt = MessageFactory.Text(Texts.AskConfirm) }, ct);
    }

    private async Task<DialogTurnResult> FinishAsync(WaterfallStepContext<ProfileState> step, CancellationToken ct)
    {
        step.State.Confirmed = step.Result<bool>();
        step.Context.Send(MessageFactory.Text(Texts.Done));
        return await step.EndDialogAsync(step.State, ct);
    }

    /// <summary>Records the attempt count it sees; a one-letter name gets its own message, an empty one the retry prompt.</summary>
    private static Task<bool> ValidateNameAsync(PromptValidatorContext<string> prompt, CancellationToken ct)
    {
        _ = ct;
        var name = prompt.Recognized.Value?.Trim() ?? "";
        if (name.Length == 1)
        {
            prompt.Context.Send(MessageFactory.Text(Texts.NameTooShort));
            return Task.FromResult(false);
        }
        return Task.FromResult(name.Length >= 2);
    }
}
