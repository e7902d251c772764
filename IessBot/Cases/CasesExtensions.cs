namespace IessBot.Cases;

public static class CasesExtensions
{
    /// <summary>The case model's services. The case store itself is registered by the storage provider (<c>AddStorage</c>).</summary>
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddSingleton(_ => new CaseNumberGenerator());
        return services;
    }
}
