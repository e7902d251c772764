using IessBot.BotFramework.Schema;

namespace IessBot.Dialogs;

/// <summary>Builds the message activities that prompts and steps send (Bot Builder's MessageFactory).</summary>
public static class MessageFactory
{
    public static Activity Text(string text, string? speak = null, string? inputHint = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Speak = speak,
        InputHint = inputHint,
    };
}
