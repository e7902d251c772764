namespace IessBot.Filing;

public static class FilingExtensions
{
    public static IServiceCollection AddFiling(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
