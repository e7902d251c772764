using System.Globalization;
using IessBot.DirectLine;
using IessBot.Tests.Infrastructure;
using IessBot.Turns;
using Microsoft.Extensions.Time.Testing;

namespace IessBot.Tests.DirectLine;

/// <summary>
/// The real botframework-directlinejs 0.15.8 under Node against the app on loopback (reference §7 items 6–11, 15–17);
/// each scenario is a function of Clients/directlinejs-conformance.mjs, whose checks are reported back here.
/// </summary>
public class DirectLineJsConformanceTests
{
    internal const string Secret = "conformance-secret-0123456789abcdefghijklmnop";

    [Theory]
    [InlineData("polling-echo")]
    [InlineData("watermark")]
    [InlineData("websocket")]
    [InlineData("tokens")]
    [InlineData("not-found")]
    [InlineData("bot-failure")]
    [InlineData("upload")]
    [InlineData("welcome")]
    [InlineData("locale")]
    [InlineData("order")]
    public async Task DirectLineJS_conforms(string scenario)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartAsync(clock);

        var result = await NodeScript.RunAsync(
            "directlinejs-conformance.mjs",
            [scenario, host.BaseAddress.ToString(), Secret],
            command => ControlAsync(host, clock, command));

        Assert.True(result.ExitCode == 0, $"DirectLineJS scenario '{scenario}' failed:\n{result.Failures}\n--- output ---\n{result.Output}");
        Assert.True(result.Passed >= 3, result.Output);
    }

    internal static Task<TestBotHost> StartAsync(TimeProvider clock) => TestBotHost.StartAsync(
        new Dictionary<string, string?>
        {
            ["DirectLine:Secret"] = Secret,
            ["DirectLine:ActivityLogRetention"] = "00:10:00",
        },
        configure: builder =>
        {
            builder.Services.AddSingleton(clock);
            builder.Services.AddSingleton<ConformanceBot>();
            builder.Services.AddSingleton<IBot>(sp => sp.GetRequiredService<ConformanceBot>());
        });

    private static async Task<string> ControlAsync(TestBotHost host, FakeTimeProvider clock, string command)
    {
        var parts = command.Split(' ', 2);
        switch (parts[0])
        {
            case "advance":
                clock.Advance(TimeSpan.FromSeconds(double.Parse(parts[1], CultureInfo.InvariantCulture)));
                return "ok";
            case "sweep":
                await host.Services.GetRequiredService<ActivityLogJanitor>().SweepAsync(default);
                return "ok";
            case "close-streams":
                return host.Services.GetRequiredService<DirectLineStreams>().CloseAll(parts[1]).ToString(CultureInfo.InvariantCulture);
            default:
                throw new InvalidOperationException($"Unknown control command from the script: {command}");
        }
    }
}
