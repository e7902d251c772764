namespace IessBot.Dialogs.Choices;

/// <summary>How choices are shown (reference/botframework.md §6.6).</summary>
public enum ListStyle
{
    /// <summary>Only the prompt text.</summary>
    None,

    /// <summary>Suggested actions when the channel shows them and every title is short, else a numbered list.</summary>
    Auto,

    /// <summary><c>"text (1) A, (2) B o (3) C"</c>.</summary>
    Inline,

    /// <summary>The text, a blank line, then <c>"   1. A"</c> per line.</summary>
    List,

    /// <summary>One imBack button per choice above the send box.</summary>
    SuggestedAction,

    /// <summary>A hero card with the text and one imBack button per choice.</summary>
    HeroCard,
}
