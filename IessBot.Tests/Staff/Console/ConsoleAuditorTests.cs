using System.Net;
using IessBot.Cases;
using IessBot.Staff;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Staff.Infrastructure;

namespace IessBot.Tests.Staff.Console;

/// <summary>The auditor's page: the trail newest first, by case, with the chain check, and no personal data anywhere.</summary>
public sealed class ConsoleAuditorTests
{
    [Fact]
    public async Task The_auditor_reads_the_trail_of_real_work_and_sees_no_personal_data_on_any_page()
    {
        await using var host = await TestBotHost.StartAsync();
        var cases = await SeededCases.CreateAsync(host);
        using var ana = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud);
        using var dora = await StaffBrowser.SignInAsync(host, "dora.denuncias", StaffRoles.Denuncias);
        await ConsoleWorkflowTests.PostAsync(host, ana, cases.HealthQueja.Number, "Nota", ("texto", $"Nota con datos {cases.HealthQueja.Cedula} NOTA-PRIVADA-2"));
        await ConsoleWorkflowTests.PostAsync(host, dora, cases.Denuncia.Number, "Estado", ("estado", CaseStatuses.InAnalysis));
        (await dora.GetAsync($"/staff/casos/{cases.Denuncia.Number}/evidencias/{cases.Denuncia.EvidenceId}")).Dispose();
        (await ana.GetAsync($"/staff/casos/{cases.Denuncia.Number}")).Dispose();
        using var aldo = await StaffBrowser.SignInAsync(host, "aldo.auditor", StaffRoles.Auditor);

        var pages = new List<string>
        {
            await aldo.GetTextAsync("/staff/auditoria"),
            await aldo.GetTextAsync($"/staff/auditoria?caso={cases.Denuncia.Number}"),
            await aldo.GetTextAsync("/staff"),
        };

        Assert.Contains("Cadena íntegra", pages[0], StringComparison.Ordinal);
        Assert.Contains("Nota interna", pages[0], StringComparison.Ordinal);
        Assert.Contains("Acceso denegado", pages[0], StringComparison.Ordinal);
        Assert.Contains("Descarga de evidencia", pages[1], StringComparison.Ordinal);
        Assert.Contains("Recibido → En análisis", pages[1], StringComparison.Ordinal);
        Assert.DoesNotContain(cases.HealthQueja.Number, pages[1], StringComparison.Ordinal);
        foreach (var html in pages)
        {
            var text = html;
            Assert.DoesNotContain("NOTA-PRIVADA-2", text, StringComparison.Ordinal);
            foreach (var value in cases.All.SelectMany(c => c.PersonalValues))
            {
                Assert.DoesNotContain(value, text, StringComparison.Ordinal);
            }
        }
        foreach (var path in new[] { $"/staff/casos/{cases.HealthQueja.Number}", $"/staff/casos/{cases.Denuncia.Number}/evidencias/{cases.Denuncia.EvidenceId}", "/staff/casos" })
        {
            using var refused = await aldo.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal(StaffAuthentication.AccessDeniedPath, refused.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task The_trail_pages_back_to_older_entries()
    {
        await using var host = await TestBotHost.StartAsync();
        using var aldo = await StaffBrowser.SignInAsync(host, "aldo.auditor", StaffRoles.Auditor);
        var trail = host.Services.GetRequiredService<IAuditTrail>();
        for (var i = 0; i < 60; i++)
        {
            await trail.AppendAsync(new AuditRecord(DateTimeOffset.UtcNow, "relleno", AuditActions.ViewList, null, $"página {i}"), default);
        }

        var first = await aldo.GetTextAsync("/staff/auditoria");
        var older = System.Text.RegularExpressions.Regex.Match(first, "href=\"(/staff/auditoria\\?antes=\\d+)\"");
        Assert.True(older.Success, "no link to older entries");
        var second = await aldo.GetTextAsync(older.Groups[1].Value);

        Assert.Contains("página 59", first, StringComparison.Ordinal);
        Assert.DoesNotContain("página 0<", first, StringComparison.Ordinal);
        Assert.Contains("página 0<", second, StringComparison.Ordinal);
        Assert.DoesNotContain("página 59", second, StringComparison.Ordinal);
    }
}
