namespace IessBot.Turns;

/// <summary>The conversational logic that runs once per turn; it never knows which channel delivered the activity.</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken);
}
