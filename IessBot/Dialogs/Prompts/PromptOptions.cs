using System.Text.Json;
using IessBot.BotFramework.Schema;
using IessBot.Dialogs.Choices;

namespace IessBot.Dialogs.Prompts;

/// <summary>
/// How a prompt asks (reference/botframework.md §6.4). Persisted as JSON in the prompt's state, so
/// every member is plain data.
/// </summary>
public sealed record PromptOptions
{
    /// <summary>The question; sent on begin, on reprompt and when a dialog pushed above the prompt ends.</summary>
    public Activity? Prompt { get; init; }

    /// <summary>Sent instead of <see cref="Prompt"/> after an answer that was not accepted.</summary>
    public Activity? RetryPrompt { get; init; }

    /// <summary>The choices of a <see cref="ChoicePrompt"/> (and, when set, of a <see cref="ConfirmPrompt"/>).</summary>
    public IReadOnlyList<Choice>? Choices { get; init; }

    /// <summary>How choices are shown; null uses the prompt's own <c>Style</c>.</summary>
    public ListStyle? Style { get; init; }

    /// <summary>Free-form data for the validator (for example a size limit); read it with <see cref="GetValidations{T}"/>.</summary>
    public JsonElement? Validations { get; init; }

    /// <summary>Kept for parity with Bot Builder; recognition is Spanish-aware for every locale.</summary>
    public string? RecognizeLanguage { get; init; }

    /// <summary>
    /// How many answers the prompt accepts before it gives up; null means no limit. When the last
    /// allowed answer is not accepted, no retry prompt is sent and the prompt ends with
    /// <see cref="PromptGaveUp"/> (test it with <c>step.PromptGaveUp</c>).
    /// </summary>
    public int? MaxAttempts { get; init; }

    public T? GetValidations<T>() => Validations is { } raw ? raw.Deserialize<T>(DialogJson.Options) : default;

    /// <summary>Options whose <see cref="Validations"/> carry <paramref name="validations"/> as JSON.</summary>
    public PromptOptions WithValidations<T>(T validations) =>
        this with { Validations = JsonSerializer.SerializeToElement(validations, DialogJson.Options) };
}
