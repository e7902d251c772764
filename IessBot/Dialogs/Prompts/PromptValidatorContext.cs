using IessBot.Turns;

namespace IessBot.Dialogs.Prompts;

/// <summary>What a validator sees (reference/botframework.md §6.4).</summary>
public sealed class PromptValidatorContext<T>(ITurnContext context, PromptRecognizerResult<T> recognized, PromptOptions options, int attemptCount)
{
    public ITurnContext Context { get; } = context;

    public PromptRecognizerResult<T> Recognized { get; } = recognized;

    public PromptOptions Options { get; } = options;

    /// <summary>The number of answers so far, this one included (the first answer sees 1).</summary>
    public int AttemptCount { get; } = attemptCount;

    /// <summary>True when this answer is the last one <see cref="PromptOptions.MaxAttempts"/> allows.</summary>
    public bool IsLastAttempt => Options.MaxAttempts is { } max && AttemptCount >= max;
}
