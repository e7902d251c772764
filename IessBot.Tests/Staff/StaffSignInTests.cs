using System.Net;
using IessBot.Cases;
using IessBot.Staff;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Staff.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace IessBot.Tests.Staff;

public sealed class StaffSignInTests
{
    [Fact]
    public async Task Unauthenticated_console_redirects_to_the_sign_in_page_with_the_return_url()
    {
        await using var host = await TestBotHost.StartAsync();
        using var browser = new StaffBrowser(host);

        using var response = await browser.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/staff/cuenta/ingresar", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Fstaff", response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_staff_sees_the_console_with_name_roles_and_a_sign_out_form()
    {
        await using var host = await TestBotHost.StartAsync();
        using var browser = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud, StaffRoles.Supervisor);

        var html = await browser.GetPageAsync("/staff");

        Assert.Contains("<html lang=\"es-EC\">", html, StringComparison.Ordinal);
        Assert.Contains("Ana Salud", html, StringComparison.Ordinal);
        Assert.Contains("quejas-salud, supervisor", html, StringComparison.Ordinal);
        Assert.Contains("href=\"#contenido\"", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/staff/cuenta/salir\"", html, StringComparison.Ordinal);
        Assert.NotNull(StaffBrowser.ReadAntiforgeryToken(html));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_answer_that_names_neither()
    {
        await using var host = await TestBotHost.StartAsync();
        await StaffBrowser.CreateAccountAsync(host, "ana.salud", StaffBrowser.DefaultPassword, StaffRoles.QuejasSalud);
        using var browser = new StaffBrowser(host);

        var wrongPassword = await ReadFailureAsync(await browser.SubmitSignInAsync("ana.salud", "otra-clave-equivocada"));
        var unknownUser = await ReadFailureAsync(await browser.SubmitSignInAsync("nadie.conocido", StaffBrowser.DefaultPassword));

        Assert.Equal(wrongPassword, unknownUser);
        Assert.Contains(IngresarText, wrongPassword, StringComparison.Ordinal);
        Assert.DoesNotContain("clave-equivocada", wrongPassword, StringComparison.Ordinal);
        var entries = await host.Services.GetRequiredService<IAuditTrail>().ReadAsync(null, 10, null, CancellationToken.None);
        Assert.Equal([AuditActions.SignInFailed, AuditActions.SignInFailed], entries.Select(e => e.Record.Action));
        Assert.Equal([LocalSignIn.UnknownActor, "ana.salud"], entries.Select(e => e.Record.ActorId));
    }

    [Fact]
    public async Task Five_failures_lock_the_account_for_fifteen_minutes_even_for_the_right_password()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await TestBotHost.StartAsync(configure: builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await StaffBrowser.CreateAccountAsync(host, "ana.salud", StaffBrowser.DefaultPassword, StaffRoles.QuejasSalud);
        using var browser = new StaffBrowser(host);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await ReadFailureAsync(await browser.SubmitSignInAsync("ana.salud", $"equivocada-{attempt}-xyz"));
        }
        var whileLocked = await ReadFailureAsync(await browser.SubmitSignInAsync("ana.salud", StaffBrowser.DefaultPassword));
        clock.Advance(TimeSpan.FromMinutes(14));
        await ReadFailureAsync(await browser.SubmitSignInAsync("ana.salud", StaffBrowser.DefaultPassword));
        clock.Advance(TimeSpan.FromMinutes(1.5));
        using var afterLock = await browser.SubmitSignInAsync("ana.salud", StaffBrowser.DefaultPassword);

        Assert.Contains(IngresarText, whileLocked, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, afterLock.StatusCode);
        var account = await host.Services.GetRequiredService<IStaffAccountStore>().FindAsync("ana.salud", CancellationToken.None);
        Assert.Equal(0, account!.FailedAttempts);
        Assert.Null(account.LockedUntil);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_with_400()
    {
        await using var host = await TestBotHost.StartAsync();
        await StaffBrowser.CreateAccountAsync(host, "ana.salud", StaffBrowser.DefaultPassword, StaffRoles.QuejasSalud);
        using var browser = new StaffBrowser(host);
        await browser.GetPageAsync(StaffAuthentication.SignInPath);

        using var signIn = await browser.PostFormWithoutTokenAsync(StaffAuthentication.SignInPath,
            [new("Usuario", "ana.salud"), new("Contrasena", StaffBrowser.DefaultPassword)]);
        using var signedIn = await StaffBrowser.SignInAsync(host, "pedro.salud", StaffRoles.QuejasSalud);
        using var signOut = await signedIn.PostFormWithoutTokenAsync("/staff/cuenta/salir", []);

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_is_a_post_that_ends_the_session_and_is_audited()
    {
        await using var host = await TestBotHost.StartAsync();
        using var browser = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud);

        using var get = await browser.GetAsync("/staff/cuenta/salir");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);
        using var signOut = await browser.SignOutAsync();
        using var after = await browser.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(StaffAuthentication.SignedOutPath, signOut.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        var entries = await host.Services.GetRequiredService<IAuditTrail>().ReadAsync(null, 10, null, CancellationToken.None);
        Assert.Equal([AuditActions.SignOut, AuditActions.SignIn], entries.Select(e => e.Record.Action));
        Assert.All(entries, e => Assert.Equal("ana.salud", e.Record.ActorId));
    }

    [Fact]
    public async Task Changing_an_accounts_roles_ends_its_open_sessions()
    {
        await using var host = await TestBotHost.StartAsync();
        using var browser = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud, StaffRoles.Supervisor);
        using var unchanged = await StaffBrowser.SignInAsync(host, "luis.salud", StaffRoles.QuejasSalud);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/staff")).StatusCode);

        await StaffBrowser.CreateAccountAsync(host, "ana.salud", StaffBrowser.DefaultPassword, StaffRoles.QuejasSalud);
        using var after = await browser.GetAsync("/staff");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal(StaffAuthentication.SignInPath, after.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await unchanged.GetAsync("/staff")).StatusCode);
    }

    [Theory]
    [InlineData("/staff/cuenta/salida", "/staff/cuenta/salida")]
    [InlineData("https://example.com/staff", "/staff")]
    [InlineData("//example.com/staff", "/staff")]
    [InlineData("/api/messages", "/staff")]
    public async Task Sign_in_returns_only_into_the_console(string returnUrl, string expected)
    {
        await using var host = await TestBotHost.StartAsync();
        await StaffBrowser.CreateAccountAsync(host, "ana.salud", StaffBrowser.DefaultPassword, StaffRoles.QuejasSalud);
        using var browser = new StaffBrowser(host);

        using var response = await browser.SubmitSignInAsync("ana.salud", StaffBrowser.DefaultPassword, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_access_denied_page_answers_403_in_spanish()
    {
        await using var host = await TestBotHost.StartAsync();
        using var browser = await StaffBrowser.SignInAsync(host, "auditora", StaffRoles.Auditor);

        using var denied = await browser.GetAsync(StaffAuthentication.AccessDeniedPath);
        var html = await denied.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("Acceso no permitido", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bot_endpoints_answer_as_before_next_to_the_console()
    {
        await using var host = await TestBotHost.StartAsync();
        using var client = host.CreateClient();

        using var health = await client.GetAsync("/healthz");
        using var page = await client.GetAsync("/");
        using var messages = await client.PostAsync("/api/messages", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // Not a sign-in redirect or a staff 401/403: the channel itself refuses an empty activity, as before.
        Assert.Equal(HttpStatusCode.BadRequest, messages.StatusCode);
        Assert.False(page.Headers.Contains("Set-Cookie"));
        Assert.False(messages.Headers.Contains("Set-Cookie"));
        Assert.Null(messages.Headers.Location);
    }

    private static string IngresarText => IessBot.Staff.Pages.Cuenta.IngresarModel.FailureText;

    private static async Task<string> ReadFailureAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
            var alert = html.IndexOf("role=\"alert\"", StringComparison.Ordinal);
            return html[alert..html.IndexOf("</div>", alert, StringComparison.Ordinal)];
        }
    }
}
