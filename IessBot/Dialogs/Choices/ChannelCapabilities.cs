using IessBot.BotFramework.Schema;

namespace IessBot.Dialogs.Choices;

/// <summary>What a channel can show, for choosing how to render choices (reference/botframework.md §6.6).</summary>
public static class ChannelCapabilities
{
    /// <summary>The longest button title every channel with suggested actions shows whole.</summary>
    public const int MaxActionTitleLength = 20;

    private static readonly Dictionary<string, int> SuggestedActionLimits = new(StringComparer.OrdinalIgnoreCase)
    {
        [Channels.Emulator] = 100,
        [Channels.DirectLine] = 100,
        [Channels.Webchat] = 100,
        [Channels.Test] = 100,
        // The WhatsApp adapter turns up to 10 suggested actions into reply buttons or a list (reference/whatsapp.md §7.3).
        [Channels.WhatsApp] = 10,
        ["telegram"] = 100,
        ["facebook"] = 10,
        ["skype"] = 10,
        ["line"] = 13,
        ["kik"] = 20,
    };

    /// <summary>How many suggested actions the channel shows; 0 when it shows none.</summary>
    public static int MaxSuggestedActions(string? channelId) =>
        channelId is null ? 0 : SuggestedActionLimits.GetValueOrDefault(channelId);

    public static bool SupportsSuggestedActions(string? channelId, int buttonCount) =>
        buttonCount <= MaxSuggestedActions(channelId);

    /// <summary>
    /// Whether the channel shows choices as a short native menu (WhatsApp: 3 buttons or a 10-row list), so that a long
    /// set of options is better split into steps than printed as a numbered list (reference/whatsapp.md §7.4).
    /// </summary>
    public static bool HasShortChoiceMenus(string? channelId) => MaxSuggestedActions(channelId) is > 0 and <= MaxShortMenu;

    private const int MaxShortMenu = 20;
}
