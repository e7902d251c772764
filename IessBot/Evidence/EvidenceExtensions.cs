namespace IessBot.Evidence;

public static class EvidenceExtensions
{
    /// <summary>
    /// File checks and intake (<see cref="EvidenceIntake"/>) with the <c>Evidence</c> limits. The evidence store
    /// comes from <c>AddStorage</c>; <see cref="IAttachmentContentSource"/> from the channels.
    /// </summary>
    public static IServiceCollection AddEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvidenceLimits>()
            .Bind(configuration.GetSection(EvidenceLimits.SectionName))
            .Validate(l => l.MaxQuejaFileBytes > 0 && l.MaxDenunciaFileBytes > 0, "Evidence:MaxQuejaFileBytes and Evidence:MaxDenunciaFileBytes must be positive.")
            .Validate(l => l.MaxFilesPerCase is > 0 and <= 50, "Evidence:MaxFilesPerCase must be between 1 and 50.")
            .ValidateOnStart();
        services.AddSingleton<AttachmentContent>();
        services.AddSingleton<EvidenceIntake>();
        return services;
    }
}
