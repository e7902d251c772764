using System.Text;
using IessBot.Cases;
using IessBot.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace IessBot.Tests.Storage;

/// <summary>What every case workflow store must do (run against each provider): progress, timeline, versions, atomic notifications.</summary>
public abstract partial class CaseWorkflowStoreContract : StorageContract
{
    private const string Note = "Nota interna: el funcionario Pérez de la agencia Norte pidió dinero";

    [Fact]
    public async Task A_filed_case_reads_back_with_its_filing_and_progress()
    {
        var filed = EmbeddedStorage.SampleCase();
        await Storage.Cases.CreateAsync(filed, Ct);

        var file = await Storage.Workflow.GetAsync(filed.CaseNumber.ToLowerInvariant(), Ct);

        Assert.NotNull(file);
        CaseStoreContract.AssertSameCase(filed, file.Filing);
        var p = file.Progress;
        Assert.Equal((filed.CaseNumber, CaseType.Queja, filed.Category, "17", filed.FiledAt, CaseStatuses.Received),
            (p.CaseNumber, p.Type, p.Category, p.ProvinceCode, p.FiledAt, p.Status));
        Assert.Null(await Storage.Workflow.GetAsync(CaseNumber.New(CaseType.Queja).Value, Ct));
        Assert.Null(await Storage.Workflow.GetAsync("no es un número", Ct));
    }

    [Fact]
    public async Task An_update_is_stored_as_the_next_version_with_its_events_appended_in_order()
    {
        var file = await FileAsync();
        var at = file.Progress.FiledAt;
        CaseEvent[] first =
        [
            new(at.AddHours(2), CaseEventKind.Assigned, "ana", "Ana Torres", false, AssigneeId: "ana"),
            new(at.AddHours(2), CaseEventKind.StatusChanged, "ana", "Ana Torres", false, FromStatus: CaseStatuses.Received, ToStatus: CaseStatuses.InAnalysis),
        ];
        var analysed = await Storage.Workflow.UpdateAsync(new CaseChange(
            file.Progress with { Status = CaseStatuses.InAnalysis, AssigneeId = "ana", AssigneeName = "Ana Torres", FirstResponseAt = at.AddHours(2) }, first), Ct);
        CaseEvent noted = new(at.AddHours(3), CaseEventKind.NoteAdded, "ana", "Ana Torres", false, Text: Note);
        var afterNote = await Storage.Workflow.UpdateAsync(new CaseChange(analysed, [noted]), Ct);

        var read = await Storage.Workflow.GetAsync(file.Progress.CaseNumber, Ct);

        Assert.Equal((file.Progress.Version + 1, file.Progress.Version + 2), (analysed.Version, afterNote.Version));
        Assert.NotNull(read);
        Assert.Equal(afterNote, read.Progress);
        Assert.Equal(("ana", "Ana Torres", CaseStatuses.InAnalysis), (read.Progress.AssigneeId, read.Progress.AssigneeName, read.Progress.Status));
        Assert.Equal<CaseEvent>([.. file.Timeline, .. first, noted], read.Timeline);
        Assert.Equal(CaseStatuses.InAnalysis, read.Filing.Status);
    }

    [Fact]
    public async Task The_case_store_answers_with_the_current_status()
    {
        var file = await FileAsync();
        await Storage.Workflow.UpdateAsync(new CaseChange(file.Progress with { Status = CaseStatuses.InAnalysis }, []), Ct);

        var read = await Storage.Cases.GetAsync(file.Progress.CaseNumber, Ct);
        var byCedula = Assert.Single(await Storage.Cases.FindByCedulaAsync(file.Filing.Cedula, Ct));
        var analysed = await Storage.Cases.QueryAsync(new CaseQuery { Status = CaseStatuses.InAnalysis }, Ct);
        var received = await Storage.Cases.QueryAsync(new CaseQuery { Status = CaseStatuses.Received }, Ct);

        Assert.Equal((CaseStatuses.InAnalysis, CaseStatuses.InAnalysis), (read?.Status, byCedula.Status));
        Assert.Equal([file.Progress.CaseNumber], analysed.Cases.Select(c => c.CaseNumber));
        Assert.Equal(CaseStatuses.InAnalysis, analysed.Cases.Single().Status);
        Assert.Empty(received.Cases);
    }

    [Fact]
    public async Task An_update_made_from_a_stale_version_is_refused_and_changes_nothing()
    {
        var file = await FileAsync();
        var first = new CaseEvent(file.Progress.FiledAt.AddHours(1), CaseEventKind.NoteAdded, "ana", "Ana Torres", false, Text: "primera");
        await Storage.Workflow.UpdateAsync(new CaseChange(file.Progress with { Status = CaseStatuses.InAnalysis }, [first]), Ct);

        var late = new CaseEvent(file.Progress.FiledAt.AddHours(2), CaseEventKind.NoteAdded, "luis", "Luis Mora", false, Text: "tardía");
        await Assert.ThrowsAsync<CaseChangedException>(() =>
            Storage.Workflow.UpdateAsync(new CaseChange(file.Progress with { Status = CaseStatuses.Resolved }, [late]), Ct));

        var read = await Storage.Workflow.GetAsync(file.Progress.CaseNumber, Ct);
        Assert.Equal((CaseStatuses.InAnalysis, file.Progress.Version + 1), (read?.Progress.Status, read?.Progress.Version));
        Assert.Equal<CaseEvent>([.. file.Timeline, first], read!.Timeline);
    }

    [Fact]
    public async Task Of_concurrent_updates_made_from_one_read_exactly_one_is_stored()
    {
        var file = await FileAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var note = new CaseEvent(file.Progress.FiledAt.AddHours(1), CaseEventKind.Assigned, $"u{i}", $"Usuario {i}", false, AssigneeId: $"u{i}");
            try
            {
                await Storage.Workflow.UpdateAsync(new CaseChange(file.Progress with { AssigneeId = $"u{i}" }, [note]), Ct);
                return $"u{i}";
            }
            catch (CaseChangedException)
            {
                return null;
            }
        })));

        var winner = Assert.Single(attempts, a => a is not null);
        var read = await Storage.Workflow.GetAsync(file.Progress.CaseNumber, Ct);
        Assert.Equal(winner, read?.Progress.AssigneeId);
        Assert.Equal(winner, Assert.Single(read!.Timeline.Skip(file.Timeline.Count)).AssigneeId);
    }

    [Fact]
    public async Task The_timeline_is_encrypted_at_rest_and_keeps_the_files_of_an_answer()
    {
        var file = await FileAsync();
        var evidence = new EvidenceReference("fedcba9876543210fedcba9876543210", "application/pdf", 52_000, new string('b', 64), "certificado-medico-reservado.pdf");
        CaseEvent[] events =
        [
            new(file.Progress.FiledAt.AddHours(1), CaseEventKind.NoteAdded, "ana", "Ana Torres", false, Text: Note),
            new(file.Progress.FiledAt.AddDays(2), CaseEventKind.CitizenAnswered, "ciudadano", "Ciudadano", true,
                Text: "Adjunto el certificado que me solicitaron", Evidence: [evidence]),
        ];
        await Storage.Workflow.UpdateAsync(new CaseChange(file.Progress with { Status = CaseStatuses.InAnalysis }, events), Ct);

        var stored = await Storage.ReadEverythingStoredAsync();
        var read = await Storage.Workflow.GetAsync(file.Progress.CaseNumber, Ct);

        foreach (var secret in new[] { "agencia Norte", "certificado que me solicitaron", "certificado-medico-reservado.pdf" })
        {
            Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        }
        var answer = read!.Timeline[^1];
        Assert.Equal((CaseEventKind.CitizenAnswered, true), (answer.Kind, answer.IsPublic));
        Assert.Equal<EvidenceReference>([evidence], answer.Evidence!);
        Assert.Equal(Note, read.Timeline[^2].Text);
    }

    [Fact]
    public async Task A_change_and_its_messages_are_stored_together()
    {
        var outbox = Storage.OpenOutbox(new FakeTimeProvider(new DateTimeOffset(2025, 3, 5, 15, 0, 0, TimeSpan.Zero)));
        var file = await FileAsync();
        var request = new CaseEvent(file.Progress.FiledAt.AddDays(1), CaseEventKind.InformationRequested, "ana", "Ana Torres", true, Text: "Envíe el certificado médico");
        var message = Message(file.Progress.CaseNumber, "/solicitud-1");

        var stored = await outbox.UpdateCaseAsync(new CaseChange(
            file.Progress with { Status = CaseStatuses.InformationRequested, PausedSince = request.At }, [request]), [message, message], Ct);
        // Queued again with a later change: a message id is queued once.
        await outbox.UpdateCaseAsync(new CaseChange(stored, []), [message], Ct);

        var read = await Storage.Workflow.GetAsync(file.Progress.CaseNumber, Ct);
        Assert.Equal((CaseStatuses.InformationRequested, request.At, file.Progress.Version + 2), (read?.Progress.Status, read?.Progress.PausedSince, read?.Progress.Version));
        Assert.Equal(request, read!.Timeline[^1]);
        var pending = Assert.Single(await outbox.ListAsync(OutboxState.Pending, 10, Ct));
        Assert.Equal((message.Id, file.Progress.CaseNumber), (pending.Id, pending.CaseNumber));
        var claimed = Assert.Single(await outbox.ClaimDueAsync(OutboxChannels.Email, 10, TimeSpan.FromMinutes(1), Ct));
        Assert.Equal(message, claimed.Message);
    }

    [Fact]
    public async Task A_conflicting_change_queues_nothing()
    {
        var outbox = Storage.OpenOutbox(TimeProvider.System);
        var file = await FileAsync();
        await Storage.Workflow.UpdateAsync(new CaseChange(file.Progress with { AssigneeId = "luis" }, []), Ct);

        await Assert.ThrowsAsync<CaseChangedException>(() => outbox.UpdateCaseAsync(
            new CaseChange(file.Progress with { Status = CaseStatuses.Resolved }, []), [Message(file.Progress.CaseNumber, "/resolucion")], Ct));

        Assert.Empty(await outbox.ListAsync(OutboxState.Pending, 10, Ct));
        Assert.Empty(await outbox.ClaimDueAsync(OutboxChannels.Email, 10, TimeSpan.FromMinutes(1), Ct));
        Assert.Equal(CaseStatuses.Received, (await Storage.Workflow.GetAsync(file.Progress.CaseNumber, Ct))?.Progress.Status);
    }

    [Fact]
    public async Task A_dispatcher_claiming_the_case_s_messages_does_not_count_as_a_change_of_the_case()
    {
        var outbox = Storage.OpenOutbox(TimeProvider.System);
        var filed = EmbeddedStorage.SampleCase();
        await outbox.CreateCaseAsync(filed, c => [Message(c.CaseNumber, "/confirmacion")], Ct);
        var file = (await Storage.Workflow.GetAsync(filed.CaseNumber, Ct))!;

        // The claim rewrites the case's messages, not its progress: a change made from the earlier read still applies.
        Assert.Single(await outbox.ClaimDueAsync(OutboxChannels.Email, 10, TimeSpan.FromMinutes(1), Ct));
        var stored = await Storage.Workflow.UpdateAsync(new CaseChange(file.Progress with { Status = CaseStatuses.InAnalysis }, []), Ct);

        Assert.Equal(file.Progress.Version + 1, stored.Version);
        Assert.Equal(CaseStatuses.InAnalysis, (await Storage.Workflow.GetAsync(filed.CaseNumber, Ct))?.Progress.Status);
        Assert.Empty(await outbox.ClaimDueAsync(OutboxChannels.Email, 10, TimeSpan.FromMinutes(1), Ct));
    }

    internal async Task<CaseFile> FileAsync(FiledCase? filed = null)
    {
        filed ??= EmbeddedStorage.SampleCase();
        await Storage.Cases.CreateAsync(filed, Ct);
        return await Storage.Workflow.GetAsync(filed.CaseNumber, Ct) ?? throw new InvalidOperationException("The case was not stored.");
    }

    private static OutboxMessage Message(string caseNumber, string purpose) =>
        new(caseNumber + purpose, OutboxChannels.Email,
            new EmailPayload("maria.perez@example.ec", "IESS: su caso", "texto", "<p>html</p>", caseNumber + ".aviso@iess.gob.ec", DateTimeOffset.UnixEpoch).ToJson(),
            caseNumber);
}
