namespace IessBot.Cases;

public static class CasesExtensions
{
    /// <summary>
    /// The case model's services: case numbers, the business calendar (<c>Cases:Holidays</c>) and the workflow rules
    /// (<c>Cases:Deadlines</c>). The stores themselves are registered by the storage provider (<c>AddStorage</c>).
    /// </summary>
    public static IServiceCollection AddCases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => new CaseNumberGenerator());

        services.AddOptions<CaseDeadlineOptions>()
            .Bind(configuration.GetSection(CaseDeadlineOptions.Section))
            .Validate(o => o.QuejaBusinessDays is >= 1 and <= 120, "Cases:Deadlines:QuejaBusinessDays must be between 1 and 120.")
            .Validate(o => o.DenunciaBusinessDays is >= 1 and <= 180, "Cases:Deadlines:DenunciaBusinessDays must be between 1 and 180.")
            .Validate(o => o.CitizenAnswerBusinessDays is >= 1 and <= 60, "Cases:Deadlines:CitizenAnswerBusinessDays must be between 1 and 60.")
            .Validate(o => o.AtRiskFraction is > 0 and < 1, "Cases:Deadlines:AtRiskFraction must be above 0 and below 1 (e.g. 0.8).")
            .ValidateOnStart();
        services.AddOptions<HolidayOptions>()
            .Bind(configuration.GetSection(HolidayOptions.Section))
            .Validate(o => !o.Add.Intersect(o.Remove).Any(), "Cases:Holidays: a date cannot be both in Add and in Remove.")
            .ValidateOnStart();

        services.AddSingleton<BusinessCalendar>(sp => new BusinessCalendar(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<HolidayOptions>>()));
        services.AddSingleton<CaseWorkflow>();
        return services;
    }

    /// <summary>The defaults only (tests and tools that have no configuration).</summary>
    public static IServiceCollection AddCases(this IServiceCollection services) =>
        services.AddCases(new ConfigurationBuilder().Build());
}
