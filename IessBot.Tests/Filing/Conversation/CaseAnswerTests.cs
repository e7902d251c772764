using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Filing.Lookup;
using IessBot.Filing.Texts;

namespace IessBot.Tests.Filing.Conversation;

/// <summary>
/// *Consultar mi caso* on a case staff have worked: the last public message and what is expected, answering a
/// request with text and files, and the limit on failed lookups.
/// </summary>
public sealed class CaseAnswerTests : IDisposable
{
    private const string Request = "Envíe la constancia del turno que le dieron en ventanilla.";
    private const string Answer = "Adjunto la constancia; el turno era para las 07:00 del 3 de marzo.";

    private readonly FilingHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private IEnumerable<string> EvidenceFiles()
    {
        var folder = Path.Combine(_harness.Storage.DataDirectory, IessBot.Storage.Embedded.FileSystemEvidenceStore.FolderName);
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : [];
    }

    private StaffDesk Staff => new(_harness.Get<CaseWorkflow>(), _harness.Get<ICaseWorkflowStore>(), _harness.Time);

    private async Task<string> FileAQuejaAsync()
    {
        await _harness.WalkToAsync(At.Summary);
        return FilingHarness.CaseNumberIn((await _harness.SayAsync("Confirmar"))[0].Text!)!;
    }

    private async Task<IReadOnlyList<Activity>> LookUpAsync(string caseNumber, string cedula = FilingHarness.Cedula)
    {
        await _harness.SayAsync("Consultar mi caso");
        await _harness.SayAsync(caseNumber);
        return await _harness.SayAsync(cedula);
    }

    private async Task<string> RequestedCaseAsync()
    {
        var number = await FileAQuejaAsync();
        _harness.Time.Advance(TimeSpan.FromHours(2));
        await Staff.RequestAsync(number, Request);
        return number;
    }

    [Fact]
    public async Task Filing_keeps_where_the_citizen_can_be_reached()
    {
        var number = await FileAQuejaAsync();

        var origin = (await _harness.Get<ICaseStore>().GetAsync(number, default))!.Origin;

        Assert.NotNull(origin);
        Assert.Equal((Channels.Test, "convo1", "user1"), (origin.ChannelId, origin.ConversationId, origin.UserId));
        Assert.Equal(_harness.Client.Bot.Id, origin.BotId);
    }

    [Fact]
    public async Task The_origin_is_stored_encrypted_with_the_case()
    {
        var origin = new CitizenChannel(Channels.WhatsApp, "urn:iessbot:whatsapp", "whatsapp:106540352242922:5f3a9c", "593987650011", "bot-iess-7");
        var filed = Storage.EmbeddedStorage.SampleCase() with { Origin = origin };

        await _harness.Storage.Cases.CreateAsync(filed, default);

        Assert.Equal(origin, (await _harness.Get<ICaseStore>().GetAsync(filed.CaseNumber, default))!.Origin);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in Directory.EnumerateFiles(_harness.Storage.DataDirectory, "*.db*"))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            foreach (var value in new[] { origin.UserId, origin.ConversationId, origin.BotId! })
            {
                Assert.True(copy.ToArray().AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(value)) < 0, $"{value} in clear in {Path.GetFileName(path)}");
            }
        }
    }

    [Fact]
    public async Task A_case_waiting_for_the_citizen_shows_the_request_its_date_and_the_answer_deadline()
    {
        var number = await RequestedCaseAsync();

        var replies = await LookUpAsync(number);

        var text = replies[0].Text!;
        Assert.Contains($"**{CaseStatuses.InformationRequested}**", text);
        Assert.Contains("> " + Request, text);
        Assert.Contains("Mensaje del IESS** del 3 de marzo de 2026", text);
        Assert.Contains("El IESS espera su respuesta** hasta el 17 de marzo de 2026", text);
        Assert.Equal(LookupTexts.AnswerOfferPrompt, replies[^1].Text);
        Assert.Equal(LookupTexts.AnswerOfferOptions, FilingHarness.Buttons(replies));
    }

    [Fact]
    public async Task A_resolved_case_shows_the_resolution_and_expects_nothing()
    {
        var number = await FileAQuejaAsync();
        await Staff.ResolveAsync(number, "Se reorganizaron los turnos de emergencia.");

        var replies = await LookUpAsync(number);

        Assert.Contains("**Resolución** del 3 de marzo de 2026", replies[0].Text);
        Assert.Contains("> Se reorganizaron los turnos de emergencia.", replies[0].Text);
        Assert.Contains("no necesita hacer nada más", replies[0].Text);
        Assert.Equal(MenuTexts.MenuPrompt, replies[^1].Text);
    }

    [Fact]
    public async Task An_internal_note_is_never_shown_to_the_citizen()
    {
        var number = await FileAQuejaAsync();
        await Staff.AddNoteAsync(number, "Nota interna: revisar con jefatura");

        var replies = await LookUpAsync(number);

        Assert.DoesNotContain("Nota interna", FilingHarness.Text(replies));
        Assert.Contains("Por ahora no necesita hacer nada", replies[0].Text);
    }

    [Fact]
    public async Task The_citizen_answers_with_text_and_a_pdf_and_the_case_returns_to_analysis()
    {
        var number = await RequestedCaseAsync();
        await LookUpAsync(number);

        Assert.Equal(LookupTexts.AnswerPrompt, (await _harness.SayAsync("Responder ahora"))[^1].Text);
        Assert.Contains("Si quiere acompañar su respuesta", (await _harness.SayAsync(Answer))[^1].Text);
        Assert.Contains("Archivo recibido (1 de", FilingHarness.Text(await _harness.SendFilesAsync(("constancia.pdf", "application/pdf", FilingHarness.Pdf(2000)))));
        var summary = await _harness.SayAsync("Listo");
        Assert.Contains("Con 1 archivo adjunto", summary[^1].Text);
        Assert.Equal(LookupTexts.ConfirmOptions, FilingHarness.Buttons(summary));
        var sent = await _harness.SayAsync("Enviar respuesta");

        Assert.Equal(LookupTexts.AnswerSent(number), sent[0].Text);
        var file = await Staff.FileOfAsync(number);
        Assert.Equal(CaseStatuses.InAnalysis, file.Progress.Status);
        var answered = Assert.Single(file.Timeline, e => e.Kind == CaseEventKind.CitizenAnswered);
        Assert.Equal(Answer, answered.Text);
        var evidence = Assert.Single(answered.Evidence!);
        Assert.Equal("application/pdf", evidence.ContentType);
        Assert.NotNull(await _harness.Get<IEvidenceStore>().OpenReadAsync(evidence.EvidenceId, default));
    }

    [Fact]
    public async Task An_answer_not_sent_leaves_the_case_waiting_and_keeps_none_of_its_files()
    {
        var number = await RequestedCaseAsync();
        await LookUpAsync(number);
        await _harness.SayAsync("Responder ahora");
        await _harness.SayAsync(Answer);
        await _harness.SendFilesAsync(("foto.png", "image/png", FilingHarness.Png(3000)));
        await _harness.SayAsync("Listo");
        var file = (await Staff.FileOfAsync(number));

        var replies = await _harness.SayAsync("No enviar");

        Assert.Equal(LookupTexts.AnswerDiscarded, replies[0].Text);
        Assert.Equal(CaseStatuses.InformationRequested, (await Staff.FileOfAsync(number)).Progress.Status);
        Assert.Equal(file.Progress.Version, (await Staff.FileOfAsync(number)).Progress.Version);
        Assert.Empty(EvidenceFiles());
    }

    [Fact]
    public async Task Cancelling_while_attaching_deletes_the_files_already_taken()
    {
        var number = await RequestedCaseAsync();
        await LookUpAsync(number);
        await _harness.SayAsync("Responder ahora");
        await _harness.SayAsync(Answer);
        await _harness.SendFilesAsync(("foto.png", "image/png", FilingHarness.Png(3000)));

        var replies = await _harness.SayAsync("cancelar");

        Assert.Equal(LookupTexts.Cancelled, replies[0].Text);
        Assert.Empty(EvidenceFiles());
    }

    [Theory]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task An_empty_or_too_long_answer_is_asked_again(string? typed)
    {
        var number = await RequestedCaseAsync();
        await LookUpAsync(number);
        await _harness.SayAsync("Responder ahora");

        var replies = await _harness.SayAsync(typed ?? new string('a', 4001));

        Assert.Equal(typed is null ? LookupTexts.AnswerTooLong(4000) : LookupTexts.AnswerEmpty, Assert.Single(replies).Text);
        // Still at the answer: the next message is taken as the answer.
        Assert.Contains("Si quiere acompañar su respuesta", (await _harness.SayAsync(Answer))[^1].Text);
    }

    [Fact]
    public async Task A_case_changed_by_staff_meanwhile_is_read_again_and_the_answer_recorded()
    {
        var number = await RequestedCaseAsync();
        await LookUpAsync(number);
        await _harness.SayAsync("Responder ahora");
        await _harness.SayAsync(Answer);
        await _harness.SayAsync("Omitir");
        await Staff.AddNoteAsync(number, "Nota interna mientras el ciudadano escribe");

        var replies = await _harness.SayAsync("Enviar respuesta");

        Assert.Equal(LookupTexts.AnswerSent(number), replies[0].Text);
        Assert.Equal(CaseStatuses.InAnalysis, (await Staff.FileOfAsync(number)).Progress.Status);
    }

    [Fact]
    public async Task An_answer_to_a_request_staff_no_longer_wait_for_is_not_sent()
    {
        var number = await RequestedCaseAsync();
        await LookUpAsync(number);
        await _harness.SayAsync("Responder ahora");
        await _harness.SayAsync(Answer);
        await _harness.SendFilesAsync(("foto.png", "image/png", FilingHarness.Png(3000)));
        await _harness.SayAsync("Listo");
        var desk = Staff;
        var workflow = _harness.Get<CaseWorkflow>();
        await _harness.Get<ICaseWorkflowStore>().UpdateAsync(
            workflow.ChangeStatus(await desk.FileOfAsync(number), StaffDesk.Supervisor, CaseStatuses.InAnalysis, _harness.Time.GetUtcNow()), default);

        var replies = await _harness.SayAsync("Enviar respuesta");

        Assert.Equal(LookupTexts.NoLongerAwaiting, replies[0].Text);
        Assert.DoesNotContain((await desk.FileOfAsync(number)).Timeline, e => e.Kind == CaseEventKind.CitizenAnswered);
        Assert.Empty(EvidenceFiles());
    }

    [Fact]
    public async Task Five_failed_lookups_block_the_user_even_in_a_new_conversation_until_the_window_passes()
    {
        var number = await FileAQuejaAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(LookupTexts.NotFound, (await LookUpAsync(number, "0602910945"))[0].Text);
        }

        _harness.UseClient(_harness.NewClient());
        await _harness.JoinAsync();
        var blocked = await _harness.SayAsync("Consultar mi caso");
        _harness.Time.Advance(TimeSpan.FromMinutes(15));
        var rightPairLater = await LookUpAsync(number);

        Assert.Equal(LookupTexts.Throttled(TimeSpan.FromMinutes(15)), blocked[0].Text);
        Assert.Contains("15 minutos", blocked[0].Text);
        Assert.StartsWith(LookupTexts.Found(number, CaseStatuses.Received, FilingHarness.Now), rightPairLater[0].Text);
    }

    [Fact]
    public async Task Failed_lookups_against_one_number_block_it_for_other_users_with_the_same_answer_for_any_number()
    {
        var number = await FileAQuejaAsync();
        var options = _harness.Get<Microsoft.Extensions.Options.IOptions<LookupThrottleOptions>>().Value;
        for (var i = 0; i < options.MaxFailures; i++)
        {
            _harness.UseClient(_harness.NewClient(userId: $"guesser{i}"));
            await _harness.JoinAsync();
            await LookUpAsync(number, "0602910945");
        }
        _harness.UseClient(_harness.NewClient(userId: "owner"));
        await _harness.JoinAsync();

        var owner = await LookUpAsync(number);

        Assert.Equal(LookupTexts.Throttled(options.Window), owner[0].Text);
    }
}
