namespace IessBot.Cases;

public static class CasesExtensions
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        return services;
    }
}
