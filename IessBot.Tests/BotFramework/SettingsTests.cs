using IessBot.BotFramework;
using IessBot.BotFramework.Connector;
using IessBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.BotFramework;

/// <summary>Bot identity settings are checked at start-up (ValidateOnStart), and the active auth mode is announced once.</summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("SingleTenant", "app", "secret", "", "MicrosoftAppTenantId")]
    [InlineData("SingleTenant", "app", "", "tenant", "MicrosoftAppPassword")]
    [InlineData("MultiTenant", "app", "", "", "MicrosoftAppPassword")]
    [InlineData("UserAssignedMSI", "app", "", "tenant", "not supported yet")]
    [InlineData("Anonymous", "", "", "", "MicrosoftAppType must be one of")]
    [InlineData("MultiTenant", "", "secret", "", "MicrosoftAppId is empty")]
    [InlineData("SingleTenant", "", "", "tenant", "needs MicrosoftAppId")]
    public async Task Inconsistent_bot_identity_stops_the_app_at_start(string type, string appId, string password, string tenant, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["MicrosoftAppType"] = type,
            ["MicrosoftAppId"] = appId,
            ["MicrosoftAppPassword"] = password,
            ["MicrosoftAppTenantId"] = tenant,
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHosts.StartAsync<EchoBot>(settings));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BotFramework:MaxActivityBytes", "10")]
    [InlineData("BotFramework:Auth:ChannelOpenIdMetadataUrl", "http://login.example.test/metadata")]
    [InlineData("BotFramework:Auth:TokenEndpoint", "not a url")]
    public async Task Invalid_channel_settings_stop_the_app_at_start(string key, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHosts.StartAsync<EchoBot>(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Single_tenant_bot_starts_and_gets_tokens_from_its_tenant_authority()
    {
        await using var host = await BotHosts.StartAsync<EchoBot>(new Dictionary<string, string?>
        {
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppId"] = "app",
            ["MicrosoftAppPassword"] = "secret",
            ["MicrosoftAppTenantId"] = "0d3f7b61-5b58-4e0c-9f5e-0e6a2a1c9d11",
        });

        var credentials = host.Services.GetRequiredService<IOptions<BotCredentials>>().Value;
        var endpoint = ConnectorTokenProvider.TokenEndpoint(credentials, new BotFrameworkAuthOptions());

        Assert.Equal(BotAuthMode.SingleTenant, credentials.Mode);
        Assert.Equal("https://login.microsoftonline.com/0d3f7b61-5b58-4e0c-9f5e-0e6a2a1c9d11/oauth2/v2.0/token", endpoint);
    }

    [Fact]
    public void Multi_tenant_bot_gets_tokens_from_the_botframework_tenant()
    {
        var credentials = new BotCredentials { MicrosoftAppId = "app", MicrosoftAppPassword = "secret" };

        Assert.Equal(BotAuthMode.MultiTenant, credentials.Mode);
        Assert.Equal("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token", ConnectorTokenProvider.TokenEndpoint(credentials, new BotFrameworkAuthOptions()));
    }

    [Theory]
    [InlineData(null, "Bot Framework authentication is disabled")]
    [InlineData("2b5a8f3e-0c1d-4e6f-9a7b-8c9d0e1f2a3b", "Bot Framework authentication: MultiTenant")]
    public async Task Active_auth_mode_is_logged_once_at_start(string? appId, string expected)
    {
        var logs = new LogCapture();
        var settings = appId is null ? null : new Dictionary<string, string?> { ["MicrosoftAppId"] = appId, ["MicrosoftAppPassword"] = "a-secret-value" };

        await using var host = await BotHosts.StartAsync<EchoBot>(settings, b => b.Logging.AddProvider(logs));

        Assert.Single(logs.Entries, e => e.Message.StartsWith(expected, StringComparison.Ordinal));
        Assert.False(logs.Contains("a-secret-value"));
    }
}
