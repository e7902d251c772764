using IessBot.BotFramework.Schema;
using IessBot.Dialogs;
using IessBot.Filing.Dialogs;
using IessBot.Filing.Texts;
using IessBot.Turns;

namespace IessBot.Filing;

/// <summary>
/// The bot (CoreBot style, thin): greets a citizen who joins and shows the menu; runs the main dialog on each
/// message; ignores every other activity (typing, events, deleteUserData…). The turn pipeline loads and saves
/// the state around it. Nothing the citizen writes is logged.
/// </summary>
public sealed class IessFilingBot(MainDialog mainDialog) : IBot
{
    public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        if (activity.Type == ActivityTypes.Message || IsCitizenJoining(activity))
        {
            try
            {
                // Continues the conversation; when none is in progress, starts it with the greeting and the menu.
                await mainDialog.RunAsync(turn, MainDialog.Welcome, cancellationToken);
            }
            catch (DialogStackOutdatedException)
            {
                // A deployment changed the dialogs under a conversation in progress: start over rather than fail every turn.
                turn.State.Remove(DialogSet.DialogStateProperty);
                turn.SendText(MenuTexts.ConversationRestarted);
                await mainDialog.RunAsync(turn, MainDialog.Welcome, cancellationToken);
            }
        }
    }

    /// <summary>reference/botframework.md: conversationUpdate lists the bot itself among the added members too.</summary>
    private static bool IsCitizenJoining(Activity activity) =>
        activity.Type == ActivityTypes.ConversationUpdate
        && activity.MembersAdded?.Any(member => member.Id != activity.Recipient?.Id) == true;
}
