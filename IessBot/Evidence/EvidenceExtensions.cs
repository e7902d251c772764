namespace IessBot.Evidence;

public static class EvidenceExtensions
{
    public static IServiceCollection AddEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }
}
