using IessBot.BotFramework.Schema;
using IessBot.Notifications;
using IessBot.Tests.EndToEnd;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Storage;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace IessBot.Tests.Notifications;

/// <summary>The whole app with a real SMTP server on loopback: the confirmation e-mail of a case, once.</summary>
public sealed class EmailDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task A_case_filed_in_the_chat_gets_exactly_one_confirmation_email_with_only_safe_content()
    {
        using var mail = new MailServer();
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await TestBotHost.StartAsync(mail.Settings());
        using var emulator = new EmulatorClient(host, connector);

        await emulator.StartAsync();
        IReadOnlyList<Activity> replies = [];
        foreach (var answer in EmulatorFilingScript.Answers(IessBot.Cases.CaseType.Queja))
        {
            replies = await emulator.SayAsync(answer);
        }
        var caseNumber = replies.Select(r => EmulatorFilingScript.FindCaseNumber(r.Text)).First(n => n is not null)!;

        Assert.True(await mail.WaitForAsync(1, Patience));
        await Task.Delay(500);
        var email = Assert.Single(mail.Received);
        Assert.Equal(EmulatorFilingScript.Email, Assert.Single(email.To.Mailboxes).Address);
        Assert.Equal("no-responder@iess.gob.ec", Assert.Single(email.From.Mailboxes).Address);
        Assert.Equal($"IESS: recibimos su queja {caseNumber}", email.Subject);
        Assert.Equal($"{caseNumber}.confirmacion@iess.gob.ec", email.MessageId);
        Assert.IsType<MultipartAlternative>(email.Body);
        Assert.Contains(caseNumber, email.TextBody);
        Assert.Contains(caseNumber, email.HtmlBody);
        foreach (var personal in EmulatorFilingScript.PersonalValues)
        {
            Assert.DoesNotContain(personal, email.TextBody);
            Assert.DoesNotContain(personal, email.HtmlBody);
        }
        Assert.DoesNotContain(EmulatorFilingScript.Place, email.TextBody);
        var sent = Assert.Single(await host.Services.GetRequiredService<IOutbox>().ListAsync(OutboxState.Sent, 10, _ct));
        Assert.Equal(caseNumber, sent.CaseNumber);
    }

    [Fact]
    public async Task An_email_queued_while_the_server_is_down_is_delivered_once_it_returns()
    {
        using var mail = new MailServer(start: false);
        await using var host = await TestBotHost.StartAsync(mail.Settings());
        var outbox = host.Services.GetRequiredService<IOutbox>();

        var filed = await host.Services.GetRequiredService<CaseConfirmations>().FileAsync(EmbeddedStorage.SampleCase(), _ct);
        Assert.True(await WaitAsync(async () => (await outbox.ListAsync(OutboxState.Pending, 10, _ct)).Any(e => e.Attempts >= 2)));
        var pending = Assert.Single(await outbox.ListAsync(OutboxState.Pending, 10, _ct));
        Assert.Equal("SMTP connection failed (SocketException)", pending.LastError);

        mail.Start();

        Assert.True(await mail.WaitForAsync(1, Patience));
        await Task.Delay(500);
        Assert.Equal(filed.CaseNumber + ".confirmacion@iess.gob.ec", Assert.Single(mail.Received).MessageId);
        Assert.True(await WaitAsync(async () => (await outbox.ListAsync(OutboxState.Sent, 10, _ct)).Count == 1));
    }

    [Fact]
    public async Task A_restart_between_storing_the_case_and_sending_still_sends_exactly_one_email()
    {
        using var mail = new MailServer();
        var dataDirectory = Directory.CreateTempSubdirectory("iessbot-restart-").FullName;
        string caseNumber;
        var first = await TestBotHost.StartAsync(With(mail.Settings(), "Notifications:DispatcherEnabled", "false"), dataDirectory);
        caseNumber = (await first.Services.GetRequiredService<CaseConfirmations>().FileAsync(EmbeddedStorage.SampleCase(), _ct)).CaseNumber;
        await first.StopAsync();
        Assert.Equal(0, mail.Count);

        var second = await TestBotHost.StartAsync(mail.Settings(), dataDirectory);
        Assert.True(await mail.WaitForAsync(1, Patience));
        await second.StopAsync();
        var third = await TestBotHost.StartAsync(mail.Settings(), dataDirectory);
        await Task.Delay(1000);
        await third.StopAsync();

        Assert.Equal($"{caseNumber}.confirmacion@iess.gob.ec", Assert.Single(mail.Received).MessageId);
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_crash_after_the_server_accepted_but_before_marking_sent_resends_with_the_same_message_id()
    {
        using var mail = new MailServer();
        var dataDirectory = Directory.CreateTempSubdirectory("iessbot-crash-").FullName;
        var settings = With(mail.Settings(), "Notifications:Lease", "00:00:04");
        var first = await TestBotHost.StartAsync(With(settings, "Notifications:DispatcherEnabled", "false"), dataDirectory);
        await first.Services.GetRequiredService<CaseConfirmations>().FileAsync(EmbeddedStorage.SampleCase(), _ct);
        // What the dispatcher does up to the crash: claim, send, and die before MarkSent.
        var claimed = Assert.Single(await first.Services.GetRequiredService<IOutbox>().ClaimDueAsync(OutboxChannels.Email, 10, TimeSpan.FromSeconds(4), _ct));
        var payload = EmailPayload.FromJson(claimed.Message.Payload);
        var message = new MimeMessage { MessageId = payload.MessageId, Subject = payload.Subject, Body = new TextPart("plain") { Text = payload.Text } };
        message.From.Add(new MailboxAddress("IESS", "no-responder@iess.gob.ec"));
        message.To.Add(MailboxAddress.Parse(payload.To));
        await first.Services.GetRequiredService<IMailTransport>().SendAsync(message, _ct);
        await first.StopAsync();

        var second = await TestBotHost.StartAsync(settings, dataDirectory);
        await Task.Delay(1000);
        Assert.Equal(1, mail.Count);
        Assert.True(await mail.WaitForAsync(2, Patience));
        await second.StopAsync();

        Assert.Equal(2, mail.Received.Count);
        Assert.Single(mail.Received.Select(m => m.MessageId).Distinct());
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task After_the_last_attempt_the_message_is_a_dead_letter_staff_can_see()
    {
        using var mail = new MailServer(start: false);
        await using var host = await TestBotHost.StartAsync(mail.Settings(maxAttempts: 3));
        var outbox = host.Services.GetRequiredService<IOutbox>();

        var filed = await host.Services.GetRequiredService<CaseConfirmations>().FileAsync(EmbeddedStorage.SampleCase(), _ct);

        Assert.True(await WaitAsync(async () => (await outbox.ListAsync(OutboxState.DeadLetter, 10, _ct)).Count == 1));
        var dead = Assert.Single(await outbox.ListAsync(OutboxState.DeadLetter, 10, _ct));
        Assert.Equal((filed.CaseNumber, 3, "SMTP connection failed (SocketException)"), (dead.CaseNumber, dead.Attempts, dead.LastError));
        Assert.Empty(await outbox.ListAsync(OutboxState.Pending, 10, _ct));
        mail.Start();
        await Task.Delay(800);
        Assert.Equal(0, mail.Count);
    }

    [Fact]
    public async Task Without_an_smtp_server_the_email_is_written_as_an_eml_file_in_the_data_directory()
    {
        var logs = new LogCapture();
        await using var host = await TestBotHost.StartAsync(
            new Dictionary<string, string?> { ["Notifications:PollInterval"] = "00:00:00.100" }, configure: b => b.Logging.AddProvider(logs));
        var mailFolder = Path.Combine(host.DataDirectory, "mail");

        var filed = await host.Services.GetRequiredService<CaseConfirmations>().FileAsync(EmbeddedStorage.SampleCase(), _ct);

        Assert.True(await WaitAsync(() => Task.FromResult(Directory.Exists(mailFolder) && Directory.EnumerateFiles(mailFolder, "*.eml").Any())));
        var file = Assert.Single(Directory.EnumerateFiles(mailFolder, "*.eml"));
        Assert.Equal($"{filed.CaseNumber}.confirmacion_iess.gob.ec.eml", Path.GetFileName(file));
        var email = await MimeMessage.LoadAsync(file);
        Assert.Equal($"IESS: recibimos su queja {filed.CaseNumber}", email.Subject);
        Assert.Contains(logs.Entries, e => e.Message.Contains("no SMTP server configured", StringComparison.Ordinal) && e.Message.Contains(mailFolder, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(filed.Email, StringComparison.Ordinal) || e.Message.Contains(filed.Cedula, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_start_up_log_names_the_smtp_server()
    {
        using var mail = new MailServer();
        var logs = new LogCapture();

        await using (await TestBotHost.StartAsync(mail.Settings(), configure: b => b.Logging.AddProvider(logs)))
        {
        }

        Assert.Contains(logs.Entries, e => e.Message == $"Notifications: e-mails are sent through SMTP 127.0.0.1:{mail.Port} (None)");
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> settings, string key, string value) =>
        new(settings) { [key] = value };

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }
}
