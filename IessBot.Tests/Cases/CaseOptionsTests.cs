using IessBot.Cases;
using Microsoft.Extensions.Configuration;

namespace IessBot.Tests.Cases;

public sealed class CaseOptionsTests
{
    [Theory]
    [InlineData("Cases:Deadlines:QuejaBusinessDays", "0")]
    [InlineData("Cases:Deadlines:DenunciaBusinessDays", "500")]
    [InlineData("Cases:Deadlines:CitizenAnswerBusinessDays", "-1")]
    [InlineData("Cases:Deadlines:AtRiskFraction", "1.5")]
    public void Deadlines_out_of_range_are_refused_at_start(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection().AddCases(configuration).BuildServiceProvider();

        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<CaseWorkflow>().AllowedBusinessDays(CaseType.Queja));
    }

    [Fact]
    public void Configured_deadlines_reach_the_workflow()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Cases:Deadlines:QuejaBusinessDays"] = "20" }).Build();
        using var services = new ServiceCollection().AddCases(configuration).BuildServiceProvider();

        Assert.Equal(20, services.GetRequiredService<CaseWorkflow>().AllowedBusinessDays(CaseType.Queja));
        Assert.Equal(30, services.GetRequiredService<CaseWorkflow>().AllowedBusinessDays(CaseType.Denuncia));
    }
}
