using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace IessBot.Tests.Infrastructure;

/// <summary>
/// The real IessBot app on a free loopback port, with its own data directory (a fresh temporary one
/// unless given, so a restart test can start a second host on the same directory).
/// </summary>
public sealed class TestBotHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDataDirectory;

    private TestBotHost(WebApplication app, string dataDirectory, bool ownsDataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public string DataDirectory { get; }
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => _app.Services;

    public static async Task<TestBotHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        string? dataDirectory = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("iessbot-test-").FullName;
        // Staff cookies may travel over the loopback http of tests (a setting given in settings wins: it comes later).
        var args = new List<string> { "--urls=http://127.0.0.1:0", $"--Storage:Embedded:DataDirectory={dataDirectory}", "--Staff:Authentication:AllowHttpOnLoopback=true" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args.Add($"--{key}={value}");
        }

        var app = Program.Build([.. args], configure);
        var host = new TestBotHost(app, dataDirectory, owns);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        host.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return host;
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <summary>Stops the app but keeps its data directory (for restart tests).</summary>
    public async Task StopAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        catch (ObjectDisposedException)
        {
            // already stopped by StopAsync
        }
        await _app.DisposeAsync();
        if (_ownsDataDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
