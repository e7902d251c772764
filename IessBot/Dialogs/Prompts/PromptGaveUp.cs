namespace IessBot.Dialogs.Prompts;

/// <summary>
/// The result a prompt ends with when its last allowed answer was not accepted
/// (<see cref="PromptOptions.MaxAttempts"/>). Step code tests <c>step.PromptGaveUp</c> instead of casting.
/// </summary>
public sealed class PromptGaveUp
{
    public static readonly PromptGaveUp Instance = new();

    private PromptGaveUp()
    {
    }

    public override string ToString() => nameof(PromptGaveUp);
}
