using IessBot.Cases;
using static IessBot.Tests.Cases.WorkflowCases;

namespace IessBot.Tests.Cases;

public sealed class CaseWorkflowTests
{
    private readonly CaseWorkflow _workflow = Workflow();

    [Theory]
    [InlineData(CaseType.Queja, "tiempos-espera", CaseTeam.QuejasSalud)]
    [InlineData(CaseType.Queja, "falta-capacidad", CaseTeam.QuejasSalud)]
    [InlineData(CaseType.Queja, "maltrato-personal", CaseTeam.QuejasSalud)]
    [InlineData(CaseType.Queja, "instalaciones", CaseTeam.QuejasAdministrativo)]
    [InlineData(CaseType.Queja, "entrega-turnos", CaseTeam.QuejasAdministrativo)]
    [InlineData(CaseType.Queja, "otro", CaseTeam.QuejasAdministrativo)]
    [InlineData(CaseType.Denuncia, "coimas", CaseTeam.Denuncias)]
    [InlineData(CaseType.Denuncia, "otro", CaseTeam.Denuncias)]
    public void A_new_case_goes_to_the_team_of_its_type_and_category(CaseType type, string category, CaseTeam team)
    {
        var progress = _workflow.Start(Filed(type, category));

        Assert.Equal(team, progress.Team);
        Assert.Equal(CaseStatuses.Received, progress.Status);
        Assert.Equal(0, progress.Version);
        Assert.Null(progress.FirstResponseAt);
    }

    [Fact]
    public void A_queja_is_due_at_the_end_of_its_15th_business_day_and_at_risk_after_the_12th()
    {
        var progress = _workflow.Start(Filed());

        Assert.Equal(new DateTimeOffset(2026, 3, 23, 23, 59, 59, 999, Ecuador), progress.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 3, 18, 23, 59, 59, 999, Ecuador), progress.AtRiskAt);
        Assert.Equal("17", progress.ProvinceCode);
    }

    [Fact]
    public void A_denuncia_is_due_after_30_business_days_skipping_Viernes_Santo()
    {
        var progress = _workflow.Start(Filed(CaseType.Denuncia, "coimas"));

        Assert.Equal(new DateOnly(2026, 4, 14), BusinessCalendar.DateOf(progress.DueAt));
        Assert.Equal(new DateOnly(2026, 4, 6), BusinessCalendar.DateOf(progress.AtRiskAt));
    }

    [Fact]
    public void Configured_deadlines_are_used()
    {
        var workflow = Workflow(new CaseDeadlineOptions { QuejaBusinessDays = 5, AtRiskFraction = 0.5 });

        var progress = workflow.Start(Filed());

        Assert.Equal(new DateOnly(2026, 3, 9), BusinessCalendar.DateOf(progress.DueAt));
        Assert.Equal(new DateOnly(2026, 3, 5), BusinessCalendar.DateOf(progress.AtRiskAt));
    }

    [Fact]
    public void The_whole_queja_workflow_runs_from_received_to_closed()
    {
        var file = Open(_workflow, Filed());

        file = Apply(file, _workflow.ChangeStatus(file, Salud, CaseStatuses.InAnalysis, At(3, 3)));
        file = Apply(file, _workflow.RequestInformation(file, Salud, "Indique la fecha de la cita.", At(3, 10)));
        file = Apply(file, _workflow.RecordCitizenAnswer(file, "Fue el 2 de marzo.", [], At(3, 16)));
        file = Apply(file, _workflow.Resolve(file, Salud, "Se sancionó al servicio.", At(3, 17)));
        file = Apply(file, _workflow.ChangeStatus(file, Salud, CaseStatuses.Closed, At(3, 18)));

        Assert.Equal(CaseStatuses.Closed, file.Progress.Status);
        Assert.Equal(
            [CaseEventKind.Filed, CaseEventKind.StatusChanged, CaseEventKind.InformationRequested, CaseEventKind.CitizenAnswered, CaseEventKind.Resolved, CaseEventKind.Closed],
            file.Timeline.Select(e => e.Kind));
        Assert.Equal(At(3, 3), file.Progress.FirstResponseAt);
        Assert.Equal(At(3, 17), file.Progress.ResolvedAt);
        Assert.Equal(At(3, 18), file.Progress.ClosedAt);
        Assert.Equal(5, file.Progress.Version);
        Assert.Equal([false, false, true, false, true, false], file.Timeline.Select(e => e.IsPublic));
    }

    [Theory]
    [InlineData(CaseStatuses.Resolved)]
    [InlineData(CaseStatuses.InformationRequested)]
    [InlineData(CaseStatuses.Referred)]
    [InlineData(CaseStatuses.Closed)]
    [InlineData("Archivado")]
    public void A_received_case_moves_by_a_plain_change_only_to_analysis(string toStatus)
    {
        var file = Open(_workflow, Filed());

        var refused = Assert.Throws<CaseActionException>(() => _workflow.ChangeStatus(file, Salud, toStatus, At(3, 3)));

        Assert.Contains("«", refused.Message, StringComparison.Ordinal);
        Assert.Equal([CaseStatuses.InAnalysis], _workflow.NextStatuses(file.Progress));
    }

    [Fact]
    public void Next_statuses_follow_the_workflow()
    {
        var file = Open(_workflow, Filed());
        var analysed = Apply(file, _workflow.ChangeStatus(file, Salud, CaseStatuses.InAnalysis, At(3, 3)));
        var waiting = Apply(analysed, _workflow.RequestInformation(analysed, Salud, "¿Qué día fue?", At(3, 4)));
        var resolved = Apply(analysed, _workflow.Resolve(analysed, Salud, "Resuelto a su favor.", At(3, 4)));
        var closed = Apply(resolved, _workflow.ChangeStatus(resolved, Salud, CaseStatuses.Closed, At(3, 5)));

        Assert.Empty(_workflow.NextStatuses(analysed.Progress));
        Assert.Equal([CaseStatuses.InAnalysis], _workflow.NextStatuses(waiting.Progress));
        Assert.Equal([CaseStatuses.Closed], _workflow.NextStatuses(resolved.Progress));
        Assert.Empty(_workflow.NextStatuses(closed.Progress));
        Assert.Throws<CaseActionException>(() => _workflow.ChangeStatus(closed, Salud, CaseStatuses.InAnalysis, At(3, 6)));
        Assert.Throws<CaseActionException>(() => _workflow.ChangeStatus(analysed, Salud, CaseStatuses.InAnalysis, At(3, 6)));
    }

    [Fact]
    public void Information_can_be_requested_and_a_case_resolved_only_in_analysis()
    {
        var file = Open(_workflow, Filed());

        Assert.Throws<CaseActionException>(() => _workflow.RequestInformation(file, Salud, "¿Qué día fue?", At(3, 3)));
        Assert.Throws<CaseActionException>(() => _workflow.Resolve(file, Salud, "Resuelto.", At(3, 3)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public void Empty_texts_are_refused(string text)
    {
        var file = InAnalysis(Filed());

        Assert.Throws<CaseActionException>(() => _workflow.AddNote(file, Salud, text, At(3, 4)));
        Assert.Throws<CaseActionException>(() => _workflow.RequestInformation(file, Salud, text, At(3, 4)));
        Assert.Throws<CaseActionException>(() => _workflow.Resolve(file, Salud, text, At(3, 4)));
    }

    [Fact]
    public void Texts_longer_than_the_limit_are_refused_and_texts_are_trimmed()
    {
        var file = InAnalysis(Filed());

        Assert.Throws<CaseActionException>(() => _workflow.AddNote(file, Salud, new string('a', CaseWorkflow.MaxTextLength + 1), At(3, 4)));
        var note = _workflow.AddNote(file, Salud, "  " + new string('a', CaseWorkflow.MaxTextLength) + "  ", At(3, 4));

        Assert.Equal(CaseWorkflow.MaxTextLength, note.Events[0].Text!.Length);
    }

    [Fact]
    public void A_note_is_internal_and_counts_as_the_first_response()
    {
        var file = Open(_workflow, Filed());

        var change = _workflow.AddNote(file, Salud, "Revisar con la unidad médica.", At(3, 2, 15));

        var note = Assert.Single(change.Events);
        Assert.Equal(CaseEventKind.NoteAdded, note.Kind);
        Assert.False(note.IsPublic);
        Assert.Equal(Salud.Id, note.ActorId);
        Assert.Equal(Salud.Name, note.ActorName);
        Assert.Equal(At(3, 2, 15), change.Progress.FirstResponseAt);
        Assert.Equal(CaseStatuses.Received, change.Progress.Status);
    }

    [Fact]
    public void The_first_response_is_not_overwritten_by_later_actions()
    {
        var file = InAnalysis(Filed());

        var change = _workflow.AddNote(file, Salud, "Otra nota.", At(3, 12));

        Assert.Equal(At(3, 3), change.Progress.FirstResponseAt);
    }

    [Fact]
    public void The_version_as_read_travels_with_the_change()
    {
        var file = InAnalysis(Filed());

        var change = _workflow.AddNote(file, Salud, "Nota.", At(3, 4));

        Assert.Equal(file.Progress.Version, change.Progress.Version);
    }

    [Fact]
    public void A_request_pauses_the_clock_and_the_answer_moves_the_due_dates_by_the_business_days_waited()
    {
        var file = InAnalysis(Filed());

        file = Apply(file, _workflow.RequestInformation(file, Salud, "Adjunte el turno.", At(3, 10)));
        Assert.Equal(At(3, 10), file.Progress.PausedSince);
        Assert.Equal(SlaState.Paused, _workflow.SlaOf(file.Progress, At(4, 30)));

        // Waited Wednesday 11 to Monday 16 March: 4 business days.
        var answer = _workflow.RecordCitizenAnswer(file, "Aquí está.", [], At(3, 16));

        Assert.Null(answer.Progress.PausedSince);
        Assert.Equal(CaseStatuses.InAnalysis, answer.Progress.Status);
        Assert.Equal(new DateOnly(2026, 3, 27), BusinessCalendar.DateOf(answer.Progress.DueAt));
        Assert.Equal(new DateOnly(2026, 3, 24), BusinessCalendar.DateOf(answer.Progress.AtRiskAt));
        Assert.Equal(new TimeOnly(23, 59, 59, 999), TimeOnly.FromDateTime(BusinessCalendar.ToEcuadorTime(answer.Progress.DueAt).DateTime));
    }

    [Fact]
    public void Waiting_over_a_holiday_counts_only_business_days()
    {
        // Requested Friday 13 Feb 2026, answered Wednesday 18 Feb: Carnaval (16–17) is not counted.
        var file = InAnalysis(Filed(filedAt: new DateTimeOffset(2026, 2, 9, 9, 0, 0, Ecuador)), At(2, 10));
        var due = file.Progress.DueAt;
        file = Apply(file, _workflow.RequestInformation(file, Salud, "Adjunte el turno.", At(2, 13)));

        var answer = _workflow.RecordCitizenAnswer(file, "Aquí está.", [], At(2, 18));

        Assert.Equal(new BusinessCalendar().AddBusinessDays(BusinessCalendar.DateOf(due), 1), BusinessCalendar.DateOf(answer.Progress.DueAt));
    }

    [Fact]
    public void An_answer_on_the_day_of_the_request_does_not_move_the_due_date()
    {
        var file = InAnalysis(Filed());
        file = Apply(file, _workflow.RequestInformation(file, Salud, "Adjunte el turno.", At(3, 10, 9)));

        var answer = _workflow.RecordCitizenAnswer(file, "Aquí está.", [], At(3, 10, 16));

        Assert.Equal(file.Progress.DueAt, answer.Progress.DueAt);
    }

    [Fact]
    public void Staff_can_take_the_case_back_when_the_citizen_does_not_answer_and_the_clock_resumes()
    {
        var file = InAnalysis(Filed());
        file = Apply(file, _workflow.RequestInformation(file, Salud, "Adjunte el turno.", At(3, 10)));

        var change = _workflow.ChangeStatus(file, Salud, CaseStatuses.InAnalysis, At(3, 24));

        Assert.Equal(CaseStatuses.InAnalysis, change.Progress.Status);
        Assert.Null(change.Progress.PausedSince);
        // 10 business days waited (11 to 24 March): due 23 March moves to 7 April (Viernes Santo skipped).
        Assert.Equal(new DateOnly(2026, 4, 7), BusinessCalendar.DateOf(change.Progress.DueAt));
        Assert.Equal(CaseStatuses.InformationRequested, change.Events[0].FromStatus);
    }

    [Fact]
    public void The_citizen_answer_lands_in_the_timeline_with_its_evidence()
    {
        var file = InAnalysis(Filed());
        file = Apply(file, _workflow.RequestInformation(file, Salud, "Adjunte el turno.", At(3, 10)));
        var evidence = new EvidenceReference("0123456789abcdef0123456789abcdef", "image/png", 10, new string('b', 64), "turno.png");

        var change = _workflow.RecordCitizenAnswer(file, "  ", [evidence], At(3, 11));

        var answer = Assert.Single(change.Events);
        Assert.Equal(CaseEventKind.CitizenAnswered, answer.Kind);
        Assert.Equal(CaseActors.Citizen, answer.ActorId);
        Assert.Null(answer.Text);
        Assert.Equal([evidence], answer.Evidence!);
        Assert.Equal(CaseStatuses.InformationRequested, answer.FromStatus);
        Assert.Equal(CaseStatuses.InAnalysis, answer.ToStatus);
        Assert.Equal(At(3, 3), change.Progress.FirstResponseAt);
    }

    [Fact]
    public void A_citizen_answer_is_refused_when_nothing_is_awaited_or_it_is_empty()
    {
        var file = InAnalysis(Filed());

        Assert.Throws<CaseActionException>(() => _workflow.RecordCitizenAnswer(file, "Hola", [], At(3, 4)));

        file = Apply(file, _workflow.RequestInformation(file, Salud, "Adjunte el turno.", At(3, 10)));
        Assert.Throws<CaseActionException>(() => _workflow.RecordCitizenAnswer(file, " ", [], At(3, 11)));
        Assert.Throws<CaseActionException>(() => _workflow.RecordCitizenAnswer(file, new string('x', CaseWorkflow.MaxTextLength + 1), [], At(3, 11)));
    }

    [Fact]
    public void A_denuncia_is_referred_from_received_or_in_analysis_and_then_closed()
    {
        var file = Open(_workflow, Filed(CaseType.Denuncia, "coimas"));

        var referred = Apply(file, _workflow.Refer(file, Denuncias, "Fiscalía General del Estado", At(3, 5)));
        Assert.Equal(CaseStatuses.Referred, referred.Progress.Status);
        Assert.Equal(At(3, 5), referred.Progress.ResolvedAt);
        Assert.Equal("Fiscalía General del Estado", referred.Timeline[^1].Text);
        Assert.Equal(SlaState.Finished, _workflow.SlaOf(referred.Progress, At(12, 1)));

        var closed = _workflow.ChangeStatus(referred, Denuncias, CaseStatuses.Closed, At(3, 6));
        Assert.Equal(CaseStatuses.Closed, closed.Progress.Status);
        Assert.Equal(CaseEventKind.Closed, closed.Events[0].Kind);

        var analysed = InAnalysis(Filed(CaseType.Denuncia, "coimas"), by: Denuncias);
        Assert.Equal(CaseStatuses.Referred, _workflow.Refer(analysed, Denuncias, "Contraloría", At(3, 5)).Progress.Status);
    }

    [Fact]
    public void Only_denuncias_are_referred_and_only_before_a_resolution()
    {
        var queja = InAnalysis(Filed());
        Assert.Throws<CaseActionException>(() => _workflow.Refer(queja, Salud, "Fiscalía", At(3, 5)));

        var denuncia = InAnalysis(Filed(CaseType.Denuncia, "coimas"), by: Denuncias);
        var resolved = Apply(denuncia, _workflow.Resolve(denuncia, Denuncias, "Archivada por falta de pruebas.", At(3, 5)));
        Assert.Throws<CaseActionException>(() => _workflow.Refer(resolved, Denuncias, "Fiscalía", At(3, 6)));
        Assert.Throws<CaseActionException>(() => _workflow.Refer(denuncia, Denuncias, "  ", At(3, 6)));
        Assert.Throws<CaseActionException>(() => _workflow.Refer(denuncia, Denuncias, new string('F', CaseWorkflow.MaxAuthorityLength + 1), At(3, 6)));
    }

    [Fact]
    public void Staff_outside_the_case_team_cannot_act_on_it()
    {
        var denuncia = Open(_workflow, Filed(CaseType.Denuncia, "coimas"));
        var queja = Open(_workflow, Filed(CaseType.Queja, "instalaciones"));

        Assert.Throws<CaseActionException>(() => _workflow.ChangeStatus(denuncia, Supervisor, CaseStatuses.InAnalysis, At(3, 3)));
        Assert.Throws<CaseActionException>(() => _workflow.AddNote(denuncia, Salud, "Nota", At(3, 3)));
        Assert.Throws<CaseActionException>(() => _workflow.AddNote(queja, Salud, "Nota", At(3, 3)));
        Assert.Throws<CaseActionException>(() => _workflow.AddNote(queja, Auditor, "Nota", At(3, 3)));
        Assert.Equal(CaseStatuses.InAnalysis, _workflow.ChangeStatus(queja, Supervisor, CaseStatuses.InAnalysis, At(3, 3)).Progress.Status);
    }

    [Fact]
    public void A_case_is_assigned_to_a_colleague_of_its_team_only()
    {
        var file = Open(_workflow, Filed());

        var change = _workflow.Assign(file, Salud, Salud2, At(3, 3));
        Assert.Equal(Salud2.Id, change.Progress.AssigneeId);
        Assert.Equal(Salud2.Name, change.Progress.AssigneeName);
        Assert.Equal(CaseEventKind.Assigned, change.Events[0].Kind);
        Assert.Equal(Salud2.Id, change.Events[0].AssigneeId);

        Assert.Throws<CaseActionException>(() => _workflow.Assign(file, Salud, Administrativo, At(3, 3)));
        var assigned = Apply(file, change);
        Assert.Throws<CaseActionException>(() => _workflow.Assign(assigned, Salud, Salud2, At(3, 4)));
        Assert.Equal(Salud.Id, _workflow.Assign(assigned, Salud, Salud, At(3, 4)).Progress.AssigneeId);
    }

    [Fact]
    public void A_supervisor_moves_a_queja_to_the_other_area_and_the_assignment_is_cleared()
    {
        var file = Open(_workflow, Filed());
        file = Apply(file, _workflow.Assign(file, Salud, Salud, At(3, 3)));

        Assert.Throws<CaseActionException>(() => _workflow.ChangeTeam(file, Salud, CaseTeam.QuejasAdministrativo, At(3, 4)));
        Assert.Throws<CaseActionException>(() => _workflow.ChangeTeam(file, Supervisor, CaseTeam.Denuncias, At(3, 4)));
        Assert.Throws<CaseActionException>(() => _workflow.ChangeTeam(file, Supervisor, CaseTeam.QuejasSalud, At(3, 4)));
        var change = _workflow.ChangeTeam(file, Supervisor, CaseTeam.QuejasAdministrativo, At(3, 4));

        Assert.Equal(CaseTeam.QuejasAdministrativo, change.Progress.Team);
        Assert.Null(change.Progress.AssigneeId);
        Assert.Equal(CaseEventKind.TeamChanged, change.Events[0].Kind);

        var denuncia = Open(_workflow, Filed(CaseType.Denuncia, "coimas"));
        Assert.Throws<CaseActionException>(() => _workflow.ChangeTeam(denuncia, Denuncias, CaseTeam.QuejasSalud, At(3, 4)));
    }

    [Fact]
    public void The_SLA_state_follows_the_due_dates()
    {
        var progress = _workflow.Start(Filed());

        Assert.Equal(SlaState.OnTime, _workflow.SlaOf(progress, At(3, 18, 12)));
        Assert.Equal(SlaState.AtRisk, _workflow.SlaOf(progress, At(3, 19)));
        Assert.Equal(SlaState.AtRisk, _workflow.SlaOf(progress, At(3, 23, 23)));
        Assert.Equal(SlaState.Overdue, _workflow.SlaOf(progress, At(3, 24)));
        Assert.Equal(SlaState.Finished, _workflow.SlaOf(progress with { Status = CaseStatuses.Resolved }, At(3, 24)));
        Assert.Equal(SlaState.Finished, _workflow.SlaOf(progress with { Status = CaseStatuses.Closed }, At(3, 24)));
        Assert.Equal(SlaState.Paused, _workflow.SlaOf(progress with { Status = CaseStatuses.InformationRequested, PausedSince = At(3, 5) }, At(3, 24)));
    }

    [Fact]
    public void The_citizen_sees_the_open_request_and_by_when_to_answer_without_staff_names()
    {
        var file = InAnalysis(Filed());
        file = Apply(file, _workflow.AddNote(file, Salud, "Nota interna.", At(3, 9)));
        file = Apply(file, _workflow.RequestInformation(file, Salud, "Adjunte el turno.", At(3, 10)));
        file = Apply(file, _workflow.AddNote(file, Salud, "Otra nota interna.", At(3, 11)));

        var view = _workflow.CitizenView(file);

        Assert.True(view.AwaitingCitizen);
        Assert.Equal(new DateOnly(2026, 3, 24), view.AnswerBy);
        Assert.Equal(CaseStatuses.InformationRequested, view.Status);
        Assert.Equal("Adjunte el turno.", view.LastPublicMessage?.Text);
        Assert.DoesNotContain(Salud.Name, view.LastPublicMessage!.ActorName, StringComparison.Ordinal);
        Assert.NotEqual(Salud.Id, view.LastPublicMessage.ActorId);
        Assert.Equal(file.Progress.CaseNumber, view.CaseNumber);
    }

    [Fact]
    public void The_citizen_sees_the_resolution_once_resolved_and_nothing_before_any_public_message()
    {
        var file = InAnalysis(Filed());
        var before = _workflow.CitizenView(file);
        file = Apply(file, _workflow.Resolve(file, Salud, "Se atendió su queja.", At(3, 10)));

        var view = _workflow.CitizenView(file);

        Assert.Null(before.LastPublicMessage);
        Assert.False(before.AwaitingCitizen);
        Assert.Null(before.AnswerBy);
        Assert.Equal(CaseEventKind.Resolved, view.LastPublicMessage?.Kind);
        Assert.Equal("Se atendió su queja.", view.LastPublicMessage?.Text);
        Assert.False(view.AwaitingCitizen);
        Assert.Null(view.AnswerBy);
    }

    private CaseFile InAnalysis(FiledCase filed, DateTimeOffset? at = null, StaffActor? by = null)
    {
        var file = Open(_workflow, filed);
        return Apply(file, _workflow.ChangeStatus(file, by ?? Salud, CaseStatuses.InAnalysis, at ?? At(3, 3)));
    }
}
