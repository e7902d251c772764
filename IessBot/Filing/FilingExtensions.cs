using IessBot.Filing.Geography;

namespace IessBot.Filing;

public static class FilingExtensions
{
    public static IServiceCollection AddFiling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => EcuadorDpa.Instance);
        return services;
    }
}
