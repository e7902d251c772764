using System.Text;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Notifications;
using IessBot.Tests.Evidence;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Notifications;

namespace IessBot.Tests.EndToEnd;

/// <summary>
/// The citizen's side of the loop over real HTTP, as the Emulator drives it: a case is filed, staff ask for information
/// (through the workflow and the outbox, as the console does), the request reaches the chat and the mailbox, the
/// citizen looks the case up and answers with text and a real PDF, staff resolve, and the resolution arrives too.
/// </summary>
public sealed class CitizenLoopOverHttpTests
{
    private const string Request = "Necesitamos la constancia del turno que le entregaron en ventanilla.";
    private const string Answer = "Adjunto la constancia del turno de las 07:00.";
    private const string Resolution = "Se reorganizaron los turnos de consulta externa y se capacitó al personal.";

    private static readonly StaffActor Staff = new("staff-7", "Ana Torres", new HashSet<string> { StaffRoles.Supervisor });

    [Fact]
    public async Task A_citizen_gets_the_request_answers_it_with_a_pdf_and_gets_the_resolution()
    {
        using var mail = new MailServer();
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync(mail.Settings());
        using var emulator = new EmulatorClient(host, connector);
        await emulator.StartAsync();
        IReadOnlyList<Activity> replies = [];
        foreach (var answer in EmulatorFilingScript.Answers(CaseType.Queja))
        {
            replies = await emulator.SayAsync(answer);
        }
        var caseNumber = replies.Select(r => EmulatorFilingScript.FindCaseNumber(r.Text)).First(n => n is not null)!;

        var filed = (await host.Services.GetRequiredService<ICaseStore>().GetAsync(caseNumber, default))!;
        Assert.Equal(new CitizenChannel(Channels.Emulator, connector.ServiceUrl, emulator.Conversation.ConversationId, emulator.Conversation.User.Id, emulator.Conversation.Bot.Id), filed.Origin);

        await ActAsync(host, caseNumber, (workflow, file, now) => workflow.ChangeStatus(file, Staff, CaseStatuses.InAnalysis, now), notify: false);
        await ActAsync(host, caseNumber, (workflow, file, now) => workflow.RequestInformation(file, Staff, Request, now), notify: true);

        var pushed = await ProactiveAsync(connector, Request);
        Assert.Equal(emulator.Conversation.User.Id, pushed.Activity.Recipient?.Id);
        Assert.Contains("Consultar mi caso", pushed.Activity.Text);
        Assert.True(await mail.WaitForAsync(2, TimeSpan.FromSeconds(20)));
        Assert.Contains(mail.Received, m => m.TextBody?.Contains(Request, StringComparison.Ordinal) == true);

        await emulator.SayAsync("Consultar mi caso");
        await emulator.SayAsync(caseNumber);
        var found = await emulator.SayAsync(EmulatorFilingScript.Cedula);
        Assert.Contains(found, r => r.Text?.Contains(CaseStatuses.InformationRequested, StringComparison.Ordinal) == true && r.Text.Contains(Request, StringComparison.Ordinal));
        await emulator.SayAsync("Responder ahora");
        await emulator.SayAsync(Answer);
        var pdf = TestPdfs.Plain();
        var attached = await emulator.SendAsync(emulator.Conversation.Message("", [new Attachment
        {
            ContentType = "application/pdf",
            ContentUrl = connector.AddAttachment(pdf, "application/pdf"),
            Name = "constancia-turno.pdf",
        }]));
        Assert.Contains(attached, r => r.Text?.Contains("Archivo recibido (1 de", StringComparison.Ordinal) == true);
        await emulator.SayAsync("Listo");
        var sent = await emulator.SayAsync("Enviar respuesta");
        Assert.Contains(sent, r => r.Text == global::IessBot.Filing.Texts.LookupTexts.AnswerSent(caseNumber));

        var store = host.Services.GetRequiredService<ICaseWorkflowStore>();
        var file = (await store.GetAsync(caseNumber, default))!;
        Assert.Equal(CaseStatuses.InAnalysis, file.Progress.Status);
        var answered = Assert.Single(file.Timeline, e => e.Kind == CaseEventKind.CitizenAnswered);
        Assert.Equal(Answer, answered.Text);
        var evidence = Assert.Single(answered.Evidence!);
        Assert.Equal("application/pdf", evidence.ContentType);
        await using (var stored = await host.Services.GetRequiredService<IessBot.Evidence.IEvidenceStore>().OpenReadAsync(evidence.EvidenceId, default))
        {
            Assert.NotNull(stored);
            using var copy = new MemoryStream();
            await stored.CopyToAsync(copy);
            Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(copy.ToArray(), 0, 5));
        }

        await ActAsync(host, caseNumber, (workflow, current, now) => workflow.Resolve(current, Staff, Resolution, now), notify: true);
        await ProactiveAsync(connector, Resolution);
        await emulator.SayAsync("Consultar mi caso");
        await emulator.SayAsync(caseNumber);
        var resolved = await emulator.SayAsync(EmulatorFilingScript.Cedula);
        Assert.Contains(resolved, r => r.Text?.Contains(CaseStatuses.Resolved, StringComparison.Ordinal) == true && r.Text.Contains(Resolution, StringComparison.Ordinal));
    }

    /// <summary>One staff action as the console takes it: the rule, then the store (with the citizen's messages through the outbox when public).</summary>
    private static async Task ActAsync(TestBotHost host, string caseNumber, Func<CaseWorkflow, CaseFile, DateTimeOffset, CaseChange> action, bool notify)
    {
        var file = (await host.Services.GetRequiredService<ICaseWorkflowStore>().GetAsync(caseNumber, default))!;
        var change = action(host.Services.GetRequiredService<CaseWorkflow>(), file, DateTimeOffset.UtcNow);
        if (!notify)
        {
            await host.Services.GetRequiredService<ICaseWorkflowStore>().UpdateAsync(change, default);
            return;
        }
        var notices = host.Services.GetRequiredService<CitizenNotices>();
        var messages = change.Events.SelectMany(e => notices.For(file.Filing, e)).ToList();
        Assert.Equal(2, messages.Count);
        await host.Services.GetRequiredService<IOutbox>().UpdateCaseAsync(change, messages, default);
        host.Services.GetRequiredService<OutboxSignal>().Notify();
    }

    private static async Task<ConnectorRequest> ProactiveAsync(EmulatorConnector connector, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (connector.Requests.FirstOrDefault(r => r.Activity.ReplyToId is null && r.Activity.Text?.Contains(text, StringComparison.Ordinal) == true) is { } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("The proactive message did not arrive.");
    }
}
