namespace IessBot.Turns;

public static class TurnsExtensions
{
    /// <summary>The turn pipeline shared by every channel. The bot (<see cref="IBot"/>) and the state store are registered by their owners.</summary>
    public static IServiceCollection AddTurns(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<TurnMetrics>();
        services.AddSingleton<ConversationQueue>();
        services.AddSingleton<TurnPipeline>();
        return services;
    }
}
