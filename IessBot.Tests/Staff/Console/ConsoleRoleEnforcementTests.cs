using System.Net;
using IessBot.Cases;
using IessBot.Staff;
using static IessBot.Tests.Staff.Console.ConsoleFixture;

namespace IessBot.Tests.Staff.Console;

/// <summary>
/// The role rules over real HTTP, for every page, download and handler: what a role may not see answers 404 (a case
/// of another team: the same as an unknown case) or the denied page (a page of another role), never the data, even
/// when the URL is typed or the form posted by hand (issue 7).
/// </summary>
public sealed class ConsoleRoleEnforcementTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    public static TheoryData<string, string, bool> CaseMatrix => new()
    {
        { Health, "salud", true }, { Health, "admin", false }, { Health, "denuncia", false },
        { Administrative, "salud", false }, { Administrative, "admin", true }, { Administrative, "denuncia", false },
        { Denuncias, "salud", false }, { Denuncias, "admin", false }, { Denuncias, "denuncia", true },
        { Supervisor, "salud", true }, { Supervisor, "admin", true }, { Supervisor, "denuncia", false },
        { Auditor, "salud", false }, { Auditor, "admin", false }, { Auditor, "denuncia", false },
    };

    public static TheoryData<string> Handlers => new() { "Asignar", "Estado", "Area", "Nota", "Solicitar", "Resolver", "Remitir" };

    [Theory]
    [MemberData(nameof(CaseMatrix))]
    public async Task A_case_page_opens_only_for_the_teams_that_work_it_even_by_typing_the_URL(string user, string caseKey, bool allowed)
    {
        var seeded = fixture.Case(caseKey);

        using var response = await fixture.As(user).GetAsync($"/staff/casos/{seeded.Number}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(seeded.Cedula, html, StringComparison.Ordinal);
            Assert.Contains(seeded.Description, html, StringComparison.Ordinal);
        }
        else
        {
            AssertRefused(user, response);
            AssertNoPersonalData(seeded, html);
        }
    }

    [Theory]
    [MemberData(nameof(CaseMatrix))]
    public async Task Evidence_downloads_only_for_the_teams_that_work_the_case(string user, string caseKey, bool allowed)
    {
        var seeded = fixture.Case(caseKey);

        using var response = await fixture.As(user).GetAsync($"/staff/casos/{seeded.Number}/evidencias/{seeded.EvidenceId}");
        var body = await response.Content.ReadAsByteArrayAsync();

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(SeededCases.Pdf, body);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(seeded.EvidenceFileName, response.Content.Headers.ContentDisposition?.FileNameStar);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
        else
        {
            AssertRefused(user, response);
            Assert.NotEqual(SeededCases.Pdf, body);
        }
    }

    [Theory]
    [MemberData(nameof(Handlers))]
    public async Task No_handler_acts_on_a_case_of_another_team_when_posted_by_hand(string handler)
    {
        var store = fixture.Host.Services.GetRequiredService<ICaseWorkflowStore>();
        foreach (var (user, caseKey) in new[] { (Health, "denuncia"), (Health, "admin"), (Administrative, "salud"), (Supervisor, "denuncia"), (Auditor, "salud") })
        {
            var seeded = fixture.Case(caseKey);
            var before = await store.GetAsync(seeded.Number, default);
            Assert.NotNull(before);
            var formPage = user == Auditor ? "/staff/auditoria" : "/staff/casos";

            using var response = await fixture.As(user).PostFormAsync($"/staff/casos/{seeded.Number}?handler={handler}",
            [
                new("version", before.Progress.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("texto", "Intento de escritura desde otro equipo"),
                new("estado", CaseStatuses.InAnalysis),
                new("area", nameof(CaseTeam.QuejasSalud)),
                new("autoridad", "Fiscalía General del Estado"),
                new("asignado", user),
            ], formPage);

            AssertRefused(user, response);
            var after = await store.GetAsync(seeded.Number, default);
            Assert.Equal(before.Progress, after!.Progress);
            Assert.Equal(before.Timeline.Count, after.Timeline.Count);
        }
    }

    [Fact]
    public async Task A_case_of_another_team_answers_exactly_like_an_unknown_case_and_the_refusal_is_audited()
    {
        var hidden = fixture.Cases.Denuncia.Number;
        var unknown = CaseNumber.New(CaseType.Denuncia).Value;

        using var refused = await fixture.As(Health).GetAsync($"/staff/casos/{hidden}");
        using var missing = await fixture.As(Health).GetAsync($"/staff/casos/{unknown}");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(missing.StatusCode, refused.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await refused.Content.ReadAsStringAsync());
        var entries = await fixture.Host.Services.GetRequiredService<IAuditTrail>().ReadAsync(hidden, 50, null, default);
        Assert.Contains(entries, e => e.Record.Action == AuditActions.Denied && e.Record.ActorId == Health && e.Record.Detail == AuditActions.ViewCase);
    }

    [Theory]
    [InlineData(Health, "salud")]
    [InlineData(Administrative, "admin")]
    [InlineData(Denuncias, "denuncia")]
    public async Task The_list_holds_only_the_cases_of_the_users_teams(string user, string ownKey)
    {
        var html = await fixture.As(user).GetTextAsync("/staff/casos");

        foreach (var seeded in fixture.Cases.All)
        {
            var own = seeded == fixture.Case(ownKey);
            Assert.Equal(own, html.Contains(seeded.Number, StringComparison.Ordinal));
        }
        var search = await fixture.As(user).GetTextAsync($"/staff/casos?numero={fixture.Cases.Denuncia.Number}");
        Assert.Equal(user == Denuncias, search.Contains($"/staff/casos/{fixture.Cases.Denuncia.Number}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_supervisor_lists_the_quejas_of_both_areas_and_no_denuncia()
    {
        var html = await fixture.As(Supervisor).GetTextAsync("/staff/casos");

        Assert.Contains(fixture.Cases.HealthQueja.Number, html, StringComparison.Ordinal);
        Assert.Contains(fixture.Cases.AdministrativeQueja.Number, html, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Cases.Denuncia.Number, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Health, "/staff/casos", true)]
    [InlineData(Auditor, "/staff/casos", false)]
    [InlineData(Health, "/staff/estadisticas", false)]
    [InlineData(Administrative, "/staff/estadisticas", false)]
    [InlineData(Auditor, "/staff/estadisticas", false)]
    [InlineData(Supervisor, "/staff/estadisticas", true)]
    [InlineData(Denuncias, "/staff/estadisticas", true)]
    [InlineData(Health, "/staff/auditoria", false)]
    [InlineData(Supervisor, "/staff/auditoria", false)]
    [InlineData(Denuncias, "/staff/auditoria", false)]
    [InlineData(Auditor, "/staff/auditoria", true)]
    public async Task Each_page_opens_only_for_its_roles(string user, string path, bool allowed)
    {
        using var response = await fixture.As(user).GetAsync(path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(StaffAuthentication.AccessDeniedPath, response.Headers.Location!.AbsolutePath);
        }
    }

    [Theory]
    [InlineData("/staff/casos")]
    [InlineData("/staff/estadisticas")]
    [InlineData("/staff/auditoria")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        using var anonymous = new IessBot.Tests.Staff.Infrastructure.StaffBrowser(fixture.Host);
        foreach (var target in new[] { path, $"/staff/casos/{fixture.Cases.HealthQueja.Number}", $"/staff/casos/{fixture.Cases.HealthQueja.Number}/evidencias/{fixture.Cases.HealthQueja.EvidenceId}" })
        {
            using var response = await anonymous.GetAsync(target);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(StaffAuthentication.SignInPath, response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task A_form_posted_without_the_antiforgery_token_is_refused()
    {
        var seeded = fixture.Cases.HealthQueja;
        var before = await fixture.Host.Services.GetRequiredService<ICaseWorkflowStore>().GetAsync(seeded.Number, default);

        using var response = await fixture.As(Health).PostFormWithoutTokenAsync($"/staff/casos/{seeded.Number}?handler=Nota",
            [new("version", before!.Progress.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("texto", "Sin token")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = await fixture.Host.Services.GetRequiredService<ICaseWorkflowStore>().GetAsync(seeded.Number, default);
        Assert.Equal(before.Timeline.Count, after!.Timeline.Count);
    }

    [Fact]
    public async Task A_denunciante_identity_shows_to_the_denuncias_team_with_the_reserve_notice()
    {
        var html = await fixture.As(Denuncias).GetTextAsync($"/staff/casos/{fixture.Cases.Denuncia.Number}");

        Assert.Contains(fixture.Cases.Denuncia.Cedula, html, StringComparison.Ordinal);
        Assert.Contains("Identidad reservada", html, StringComparison.Ordinal);
        Assert.Contains("Datos del denunciante", html, StringComparison.Ordinal);
    }

    private static void AssertRefused(string user, HttpResponseMessage response)
    {
        if (user == Auditor)
        {
            // The auditor holds no case role: the page's policy refuses before any case is read.
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(StaffAuthentication.AccessDeniedPath, response.Headers.Location!.AbsolutePath);
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    private static void AssertNoPersonalData(SeededCase seeded, string html)
    {
        foreach (var value in seeded.PersonalValues)
        {
            Assert.DoesNotContain(value, html, StringComparison.Ordinal);
        }
    }
}
