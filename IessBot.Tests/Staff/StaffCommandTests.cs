using System.Net;
using IessBot.Cases;
using IessBot.Staff;
using IessBot.Storage.Embedded;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Staff.Infrastructure;

namespace IessBot.Tests.Staff;

public sealed class StaffCommandTests : IDisposable
{
    private const string Password = "Una clave larga 2026";
    private readonly string _directory = Directory.CreateTempSubdirectory("iessbot-staff-cli-").FullName;

    [Fact]
    public async Task Add_user_stores_a_password_hash_that_signs_in_and_prints_nothing_secret()
    {
        var (exit, output, error) = await RunAsync(Password + "\n", "add-user", "Ana.Salud", "--role", "quejas-salud", "--role", "supervisor", "--display-name", "Ana Salud");

        Assert.Equal(0, exit);
        Assert.Contains("«ana.salud» creada", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output + error, StringComparison.Ordinal);
        await using var host = await TestBotHost.StartAsync(dataDirectory: _directory);
        var account = await host.Services.GetRequiredService<IStaffAccountStore>().FindAsync("ana.salud", CancellationToken.None);
        Assert.Equal([StaffRoles.QuejasSalud, StaffRoles.Supervisor], account!.Roles);
        Assert.Equal("Ana Salud", account.DisplayName);
        Assert.DoesNotContain(Password, account.PasswordHash, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", account.PasswordHash, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(_directory, SqliteDatabase.FileName + "*"))
        {
            Assert.DoesNotContain(Password, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }
        using var browser = new StaffBrowser(host);
        using var signIn = await browser.SubmitSignInAsync("ANA.SALUD", Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var audit = await host.Services.GetRequiredService<IAuditTrail>().ReadAsync(null, 10, null, CancellationToken.None);
        Assert.Equal([AuditActions.SignIn, AuditActions.AccountSaved], audit.Select(e => e.Record.Action));
    }

    [Theory]
    [InlineData("corta-123\n", "al menos 12")]
    [InlineData("aaaaaaaaaaaaaaaa\n", "repite")]
    [InlineData("mi-ana.salud-2026\n", "nombre de usuario")]
    [InlineData("", "No se recibió")]
    public async Task Add_user_refuses_a_weak_or_missing_password_and_saves_nothing(string stdin, string reason)
    {
        var (exit, _, error) = await RunAsync(stdin, "add-user", "ana.salud", "--role", "quejas-salud");

        Assert.Equal(1, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Empty(await ListAccountsAsync());
    }

    [Theory]
    [InlineData("add-user ana.salud --role administrador", "Rol desconocido: administrador")]
    [InlineData("add-user ana.salud", "al menos un rol")]
    [InlineData("add-user x --role auditor", "de 2 a 64 caracteres")]
    [InlineData("add-user ana.salud --role", "Falta el valor de --role")]
    [InlineData("borrar ana.salud", "Argumento no reconocido")]
    public async Task Wrong_usage_exits_with_2_and_says_why(string arguments, string reason)
    {
        var (exit, _, error) = await RunAsync(Password + "\n", arguments.Split(' '));

        Assert.Equal(2, exit);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains("Uso:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_audit_reports_intact_then_the_first_edited_entry_with_exit_code_1()
    {
        await RunAsync(Password + "\n", "add-user", "ana.salud", "--role", "auditor");
        await RunAsync(Password + "\n", "add-user", "luis.salud", "--role", "quejas-salud");
        await RunAsync(Password + "\n", "add-user", "eva.denuncias", "--role", "denuncias");

        var intact = await RunAsync("", "check-audit");
        AuditTrailTests.Tamper(Path.Combine(_directory, SqliteDatabase.FileName), "UPDATE audit_trail SET detail = 'luis.salud: supervisor' WHERE sequence = 2");
        var broken = await RunAsync("", "check-audit");

        Assert.Equal(0, intact.Exit);
        Assert.Contains("intacto (intact). Entradas revisadas: 3.", intact.Output, StringComparison.Ordinal);
        Assert.Equal(1, broken.Exit);
        Assert.Contains("se rompe en la secuencia 2 (broken at 2). Entradas revisadas: 2.", broken.Output, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<StaffAccount>> ListAccountsAsync()
    {
        await using var host = await TestBotHost.StartAsync(dataDirectory: _directory);
        return await host.Services.GetRequiredService<IStaffAccountStore>().ListAsync(CancellationToken.None);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string stdin, params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = ["staff", .. arguments, $"--Storage:Embedded:DataDirectory={_directory}"];
        var exit = await StaffCommands.RunAsync(args, new StringReader(stdin), output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
