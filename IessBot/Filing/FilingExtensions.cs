using IessBot.Filing.Dialogs;
using IessBot.Filing.Geography;
using IessBot.Filing.Lookup;
using IessBot.Turns;

namespace IessBot.Filing;

public static class FilingExtensions
{
    /// <summary>
    /// The IESS conversations: the bot, its dialogs (shared by every conversation: they keep no per-conversation
    /// data) and the case filer. Needs the case and evidence stores (<c>AddStorage</c>), <c>AddCases</c> and
    /// <c>AddEvidence</c>; the channels provide the attachment content source.
    /// </summary>
    public static IServiceCollection AddFiling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => EcuadorDpa.Instance);
        services.AddSingleton<CaseFiler>();
        services.AddSingleton<ConsentDialog>();
        services.AddSingleton<LocationDialog>();
        services.AddSingleton<EvidenceDialog>();
        services.AddSingleton<FilingDialog>();
        services.AddOptions<LookupThrottleOptions>()
            .Bind(configuration.GetSection(LookupThrottleOptions.Section))
            .Validate(o => o.MaxFailures is >= 1 and <= 100 && o.Window > TimeSpan.Zero && o.MaxKeys >= 1000,
                "Filing:Lookup:MaxFailures must be 1–100, Filing:Lookup:Window positive and Filing:Lookup:MaxKeys at least 1000.")
            .ValidateOnStart();
        services.AddSingleton<LookupThrottle>();
        services.AddSingleton<CaseAnswerDialog>();
        services.AddSingleton<CaseLookupDialog>();
        services.AddSingleton<MainDialog>();
        services.AddSingleton<IBot, IessFilingBot>();
        return services;
    }
}
