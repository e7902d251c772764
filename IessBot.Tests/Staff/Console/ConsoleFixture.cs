using IessBot.Cases;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Staff.Infrastructure;

namespace IessBot.Tests.Staff.Console;

/// <summary>
/// The app with the three seeded cases and one signed-in browser per role, shared by the tests of a class that only
/// read (or are refused): starting the app and signing in five people once keeps the role matrix fast.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Health = "ana.salud";
    public const string Administrative = "beto.admin";
    public const string Denuncias = "dora.denuncias";
    public const string Supervisor = "sara.supervisora";
    public const string Auditor = "aldo.auditor";

    public static IReadOnlyDictionary<string, string> RoleOf { get; } = new Dictionary<string, string>
    {
        [Health] = StaffRoles.QuejasSalud,
        [Administrative] = StaffRoles.QuejasAdministrativo,
        [Denuncias] = StaffRoles.Denuncias,
        [Supervisor] = StaffRoles.Supervisor,
        [Auditor] = StaffRoles.Auditor,
    };

    private readonly Dictionary<string, StaffBrowser> _browsers = [];

    public TestBotHost Host { get; private set; } = null!;
    public SeededCases Cases { get; private set; } = null!;

    public StaffBrowser As(string user) => _browsers[user];

    public SeededCase Case(string key) => key switch
    {
        "salud" => Cases.HealthQueja,
        "admin" => Cases.AdministrativeQueja,
        "denuncia" => Cases.Denuncia,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, null),
    };

    public async Task InitializeAsync()
    {
        Host = await TestBotHost.StartAsync();
        Cases = await SeededCases.CreateAsync(Host);
        foreach (var (user, role) in RoleOf)
        {
            _browsers[user] = await StaffBrowser.SignInAsync(Host, user, role);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var browser in _browsers.Values)
        {
            browser.Dispose();
        }
        await Host.DisposeAsync();
    }
}
