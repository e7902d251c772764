using IessBot.Filing;
using IessBot.Filing.Geography;
using Microsoft.Extensions.Configuration;

namespace IessBot.Tests.Filing;

public class FilingExtensionsTests
{
    [Fact]
    public void AddFiling_shares_the_one_loaded_dpa_list()
    {
        using var provider = new ServiceCollection()
            .AddFiling(new ConfigurationBuilder().Build())
            .BuildServiceProvider();

        Assert.Same(EcuadorDpa.Instance, provider.GetRequiredService<EcuadorDpa>());
    }
}
