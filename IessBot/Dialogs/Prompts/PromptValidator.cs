namespace IessBot.Dialogs.Prompts;

/// <summary>
/// Decides whether a recognised answer is accepted. A validator that sends its own message (saying
/// what to do next) suppresses the automatic retry prompt (reference/botframework.md §6.4).
/// </summary>
public delegate Task<bool> PromptValidator<T>(PromptValidatorContext<T> promptContext, CancellationToken cancellationToken);
