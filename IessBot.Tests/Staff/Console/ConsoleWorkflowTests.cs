using System.Globalization;
using System.Net;
using IessBot.Cases;
using IessBot.Notifications;
using IessBot.Staff;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Staff.Infrastructure;

namespace IessBot.Tests.Staff.Console;

/// <summary>The case page's forms over real HTTP: each action changes the case and its timeline, redirects back, and is audited.</summary>
public sealed class ConsoleWorkflowTests
{
    [Fact]
    public async Task A_queja_is_worked_through_the_forms_from_received_to_resolved_with_every_step_audited()
    {
        await using var host = await TestBotHost.StartAsync();
        var seeded = (await SeededCases.CreateAsync(host)).HealthQueja;
        using var ana = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud);
        var page = $"/staff/casos/{seeded.Number}";

        await PostAsync(host, ana, seeded.Number, "Asignar", ("asignado", ""));
        await PostAsync(host, ana, seeded.Number, "Estado", ("estado", CaseStatuses.InAnalysis));
        await PostAsync(host, ana, seeded.Number, "Nota", ("texto", "Nota interna NOTA-PRIVADA-1: llamar a la unidad."));
        await PostAsync(host, ana, seeded.Number, "Solicitar", ("texto", "Por favor envíe la foto del turno."));
        var waiting = await FileAsync(host, seeded.Number);
        Assert.Equal(CaseStatuses.InformationRequested, waiting.Progress.Status);
        Assert.NotNull(waiting.Progress.PausedSince);
        Assert.Contains("En pausa", await ana.GetTextAsync(page), StringComparison.Ordinal);

        await PostAsync(host, ana, seeded.Number, "Estado", ("estado", CaseStatuses.InAnalysis));
        await PostAsync(host, ana, seeded.Number, "Resolver", ("texto", "Se sancionó al servidor y se le ofrecen disculpas."));

        var file = await FileAsync(host, seeded.Number);
        Assert.Equal(CaseStatuses.Resolved, file.Progress.Status);
        Assert.Equal("ana.salud", file.Progress.AssigneeId);
        Assert.Equal(
            [CaseEventKind.Filed, CaseEventKind.Assigned, CaseEventKind.StatusChanged, CaseEventKind.NoteAdded, CaseEventKind.InformationRequested,
             CaseEventKind.StatusChanged, CaseEventKind.Resolved],
            file.Timeline.Select(e => e.Kind));
        Assert.False(file.Timeline.Single(e => e.Kind == CaseEventKind.NoteAdded).IsPublic);
        var html = await ana.GetTextAsync(page);
        Assert.Contains("NOTA-PRIVADA-1", html, StringComparison.Ordinal);
        Assert.Contains("Resolución", html, StringComparison.Ordinal);

        var actions = (await host.Services.GetRequiredService<IAuditTrail>().ReadAsync(seeded.Number, 100, null, default))
            .Where(e => e.Record.ActorId == "ana.salud").Select(e => e.Record.Action).Reverse().ToList();
        foreach (var action in new[] { AuditActions.Assign, AuditActions.ChangeStatus, AuditActions.AddNote, AuditActions.RequestInformation, AuditActions.Resolve })
        {
            Assert.Contains(action, actions);
        }
        Assert.Contains(AuditActions.ViewCase, actions);
        var outbox = await host.Services.GetRequiredService<IOutbox>().ListAsync(OutboxState.Pending, 100, default);
        Assert.Contains(outbox, m => m.CaseNumber == seeded.Number);
    }

    [Fact]
    public async Task A_form_read_before_someone_else_acted_is_refused_with_the_spanish_message()
    {
        await using var host = await TestBotHost.StartAsync();
        var seeded = (await SeededCases.CreateAsync(host)).HealthQueja;
        using var ana = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud);
        var stale = (await FileAsync(host, seeded.Number)).Progress.Version;
        await PostAsync(host, ana, seeded.Number, "Nota", ("texto", "Primera nota."));

        using var response = await ana.PostFormAsync($"/staff/casos/{seeded.Number}?handler=Estado",
            [new("version", stale.ToString(CultureInfo.InvariantCulture)), new("estado", CaseStatuses.InAnalysis)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await ana.GetTextAsync(response.Headers.Location!.OriginalString);
        Assert.Contains(StaffCaseService.ChangedMessage, html, StringComparison.Ordinal);
        Assert.Equal(CaseStatuses.Received, (await FileAsync(host, seeded.Number)).Progress.Status);
    }

    [Fact]
    public async Task A_queja_is_assigned_to_a_colleague_of_its_area_and_never_to_one_of_another_area()
    {
        await using var host = await TestBotHost.StartAsync();
        var seeded = (await SeededCases.CreateAsync(host)).HealthQueja;
        await StaffBrowser.CreateAccountAsync(host, "carla.salud", StaffBrowser.DefaultPassword, StaffRoles.QuejasSalud);
        await StaffBrowser.CreateAccountAsync(host, "beto.admin", StaffBrowser.DefaultPassword, StaffRoles.QuejasAdministrativo);
        using var ana = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud);

        var html = await ana.GetTextAsync($"/staff/casos/{seeded.Number}");
        Assert.Contains("value=\"carla.salud\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"beto.admin\"", html, StringComparison.Ordinal);

        await PostAsync(host, ana, seeded.Number, "Asignar", ("asignado", "beto.admin"));
        Assert.Null((await FileAsync(host, seeded.Number)).Progress.AssigneeId);

        await PostAsync(host, ana, seeded.Number, "Asignar", ("asignado", "carla.salud"));
        Assert.Equal("carla.salud", (await FileAsync(host, seeded.Number)).Progress.AssigneeId);
    }

    [Fact]
    public async Task Only_a_supervisor_moves_a_queja_to_the_other_area()
    {
        await using var host = await TestBotHost.StartAsync();
        var seeded = (await SeededCases.CreateAsync(host)).HealthQueja;
        using var ana = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud);
        using var sara = await StaffBrowser.SignInAsync(host, "sara.supervisora", StaffRoles.Supervisor);

        Assert.DoesNotContain("handler=Area", await ana.GetTextAsync($"/staff/casos/{seeded.Number}"), StringComparison.Ordinal);
        await PostAsync(host, ana, seeded.Number, "Area", ("area", nameof(CaseTeam.QuejasAdministrativo)));
        Assert.Equal(CaseTeam.QuejasSalud, (await FileAsync(host, seeded.Number)).Progress.Team);

        await PostAsync(host, sara, seeded.Number, "Area", ("area", nameof(CaseTeam.QuejasAdministrativo)));
        Assert.Equal(CaseTeam.QuejasAdministrativo, (await FileAsync(host, seeded.Number)).Progress.Team);
        // Now the health area no longer sees it.
        using var gone = await ana.GetAsync($"/staff/casos/{seeded.Number}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_denuncia_is_referred_to_an_external_authority()
    {
        await using var host = await TestBotHost.StartAsync();
        var seeded = (await SeededCases.CreateAsync(host)).Denuncia;
        using var dora = await StaffBrowser.SignInAsync(host, "dora.denuncias", StaffRoles.Denuncias);

        await PostAsync(host, dora, seeded.Number, "Remitir", ("autoridad", "Fiscalía General del Estado"));

        var file = await FileAsync(host, seeded.Number);
        Assert.Equal(CaseStatuses.Referred, file.Progress.Status);
        Assert.Equal("Fiscalía General del Estado", file.Timeline[^1].Text);
        var entries = await host.Services.GetRequiredService<IAuditTrail>().ReadAsync(seeded.Number, 10, null, default);
        Assert.Contains(entries, e => e.Record.Action == AuditActions.Refer && e.Record.ActorId == "dora.denuncias");
    }

    [Fact]
    public async Task Every_view_and_download_leaves_an_audit_entry_without_personal_data()
    {
        await using var host = await TestBotHost.StartAsync();
        var seeded = (await SeededCases.CreateAsync(host)).HealthQueja;
        using var ana = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud);

        await ana.GetTextAsync("/staff/casos?estado=Recibido&tipo=queja");
        await ana.GetTextAsync($"/staff/casos/{seeded.Number}");
        using (var download = await ana.GetAsync($"/staff/casos/{seeded.Number}/evidencias/{seeded.EvidenceId}"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        }

        var entries = await host.Services.GetRequiredService<IAuditTrail>().ReadAsync(null, 100, null, default);
        Assert.Contains(entries, e => e.Record.Action == AuditActions.ViewList && e.Record.Detail!.Contains("estado Recibido", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Record.Action == AuditActions.ViewCase && e.Record.CaseNumber == seeded.Number);
        Assert.Contains(entries, e => e.Record.Action == AuditActions.DownloadEvidence && e.Record.CaseNumber == seeded.Number && e.Record.Detail == seeded.EvidenceId);
        foreach (var entry in entries)
        {
            foreach (var value in seeded.PersonalValues)
            {
                Assert.DoesNotContain(value, $"{entry.Record.Detail}|{entry.Record.CaseNumber}|{entry.Record.ActorId}", StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_list_filters_by_type_status_province_and_sla_and_pages_with_a_total_count()
    {
        await using var host = await TestBotHost.StartAsync();
        var cases = await SeededCases.CreateAsync(host);
        using var sara = await StaffBrowser.SignInAsync(host, "sara.supervisora", StaffRoles.Supervisor);

        var all = await sara.GetTextAsync("/staff/casos");
        Assert.Contains("2 casos", all, StringComparison.Ordinal);
        Assert.Contains("A tiempo", all, StringComparison.Ordinal);

        var admin = await sara.GetTextAsync("/staff/casos?categoria=instalaciones");
        Assert.Contains("1 caso", admin, StringComparison.Ordinal);
        Assert.Contains(cases.AdministrativeQueja.Number, admin, StringComparison.Ordinal);
        Assert.DoesNotContain(cases.HealthQueja.Number, admin, StringComparison.Ordinal);

        Assert.Contains("0 casos", await sara.GetTextAsync("/staff/casos?sla=vencido"), StringComparison.Ordinal);
        Assert.Contains("0 casos", await sara.GetTextAsync("/staff/casos?provincia=09"), StringComparison.Ordinal);
        Assert.Contains("2 casos", await sara.GetTextAsync("/staff/casos?provincia=17&estado=Recibido&sla=a-tiempo"), StringComparison.Ordinal);
        Assert.Contains("no es válido", await sara.GetTextAsync("/staff/casos?numero=hola"), StringComparison.Ordinal);
        var byNumber = await sara.GetTextAsync($"/staff/casos?numero={cases.HealthQueja.Number.ToLowerInvariant()}");
        Assert.Contains("1 caso", byNumber, StringComparison.Ordinal);
    }

    internal static async Task PostAsync(TestBotHost host, StaffBrowser browser, string number, string handler, params (string Name, string Value)[] fields)
    {
        var version = (await FileAsync(host, number)).Progress.Version.ToString(CultureInfo.InvariantCulture);
        using var response = await browser.PostFormAsync($"/staff/casos/{number}?handler={handler}",
            [new("version", version), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        // Post/redirect/get: every handler answers with a redirect to the case page.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/staff/casos/{number}", response.Headers.Location!.OriginalString);
    }

    internal static async Task<CaseFile> FileAsync(TestBotHost host, string number) =>
        await host.Services.GetRequiredService<ICaseWorkflowStore>().GetAsync(number, default) ?? throw new InvalidOperationException(number);
}
