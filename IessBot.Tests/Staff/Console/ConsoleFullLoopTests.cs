using System.Net;
using System.Text;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Tests.EndToEnd;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Staff.Infrastructure;
using Xunit.Abstractions;

namespace IessBot.Tests.Staff.Console;

/// <summary>
/// The whole loop of issue 7 over real HTTP: a citizen files in an Emulator-shaped client, staff sign in and ask for
/// more information through the case page, the request reaches the citizen's conversation, the citizen answers with a
/// file through *Consultar mi caso*, staff see the answer and its file and resolve, and the citizen reads the resolution
/// both as a message and through *Consultar mi caso*.
/// </summary>
public sealed class ConsoleFullLoopTests(ITestOutputHelper output)
{
    private const string Request = "Envíe por favor la constancia de su turno del 3 de noviembre.";
    private const string Answer = "Adjunto la constancia del turno que me dieron en ventanilla.";
    private const string Resolution = "Se verificó la demora y se reforzó la atención en consulta externa.";
    private static readonly byte[] AnswerPdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

    [Fact]
    public async Task A_citizen_files_staff_ask_for_more_the_citizen_answers_with_a_file_staff_resolve_and_the_citizen_reads_it()
    {
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?> { ["Notifications:PollInterval"] = "00:00:00.200" });
        using var citizen = new EmulatorClient(host, connector);

        var caseNumber = await FileAsync(citizen);
        using var ana = await StaffBrowser.SignInAsync(host, "ana.salud", StaffRoles.QuejasSalud);
        Assert.Contains(caseNumber, await ana.GetTextAsync("/staff/casos"), StringComparison.Ordinal);
        await ConsoleWorkflowTests.PostAsync(host, ana, caseNumber, "Estado", ("estado", CaseStatuses.InAnalysis));
        await ConsoleWorkflowTests.PostAsync(host, ana, caseNumber, "Solicitar", ("texto", Request));

        await WaitForNoticeAsync(connector, citizen, Request);
        await AnswerWithFileAsync(connector, citizen, caseNumber);

        var page = await ana.GetTextAsync($"/staff/casos/{caseNumber}");
        Assert.Contains("Respuesta del ciudadano", page, StringComparison.Ordinal);
        Assert.Contains(Answer, page, StringComparison.Ordinal);
        var file = await ConsoleWorkflowTests.FileAsync(host, caseNumber);
        Assert.Equal(CaseStatuses.InAnalysis, file.Progress.Status);
        var answered = file.Timeline.Single(e => e.Kind == CaseEventKind.CitizenAnswered);
        var evidence = Assert.Single(answered.Evidence ?? []);
        using (var download = await ana.GetAsync($"/staff/casos/{caseNumber}/evidencias/{evidence.EvidenceId}"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(AnswerPdf.Length, (await download.Content.ReadAsByteArrayAsync()).Length);
        }

        await ConsoleWorkflowTests.PostAsync(host, ana, caseNumber, "Resolver", ("texto", Resolution));
        await WaitForNoticeAsync(connector, citizen, Resolution);
        var lookup = await LookUpAsync(citizen, caseNumber);
        Assert.Contains(lookup, r => r.Text?.Contains(Resolution, StringComparison.Ordinal) == true && r.Text.Contains(CaseStatuses.Resolved, StringComparison.Ordinal));
    }

    private async Task<string> FileAsync(EmulatorClient citizen)
    {
        await citizen.StartAsync();
        IReadOnlyList<Activity> replies = [];
        foreach (var answer in EmulatorFilingScript.Answers(CaseType.Queja))
        {
            replies = await citizen.SayAsync(answer);
        }
        var number = replies.Select(r => EmulatorFilingScript.FindCaseNumber(r.Text)).FirstOrDefault(n => n is not null);
        Assert.NotNull(number);
        return number;
    }

    /// <summary>The outbox dispatcher sends the notice to the citizen's conversation through the Connector.</summary>
    private static async Task WaitForNoticeAsync(EmulatorConnector connector, EmulatorClient citizen, string text)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!connector.Requests.Any(r => r.ConversationId == citizen.Conversation.ConversationId && r.Activity.Text?.Contains(text, StringComparison.Ordinal) == true))
        {
            Assert.True(DateTime.UtcNow < until, $"the citizen never received a message containing '{text}'");
            await Task.Delay(100);
        }
    }

    private async Task AnswerWithFileAsync(EmulatorConnector connector, EmulatorClient citizen, string caseNumber)
    {
        var found = await LookUpAsync(citizen, caseNumber);
        Assert.Contains(found, r => r.Text?.Contains(Request, StringComparison.Ordinal) == true);
        await SayAsync(citizen, "Responder ahora");
        await SayAsync(citizen, Answer);
        var attachment = new Attachment { ContentType = "application/pdf", ContentUrl = connector.AddAttachment(AnswerPdf, "application/pdf"), Name = "constancia-turno.pdf" };
        await Log(await citizen.SendAsync(citizen.Conversation.Message("", [attachment])));
        await SayAsync(citizen, "Listo");
        var sent = await SayAsync(citizen, "Enviar respuesta");
        Assert.Contains(sent, r => r.Text?.Contains(CaseStatuses.InAnalysis, StringComparison.Ordinal) == true);
    }

    private async Task<IReadOnlyList<Activity>> LookUpAsync(EmulatorClient citizen, string caseNumber)
    {
        await SayAsync(citizen, "Consultar mi caso");
        await SayAsync(citizen, caseNumber);
        return await SayAsync(citizen, EmulatorFilingScript.Cedula);
    }

    private async Task<IReadOnlyList<Activity>> SayAsync(EmulatorClient citizen, string text) => await Log(await citizen.SayAsync(text));

    private Task<IReadOnlyList<Activity>> Log(IReadOnlyList<Activity> replies)
    {
        foreach (var reply in replies)
        {
            output.WriteLine($"bot: {reply.Text}");
        }
        return Task.FromResult(replies);
    }
}
