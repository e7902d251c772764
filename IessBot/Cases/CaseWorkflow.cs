using Microsoft.Extensions.Options;

namespace IessBot.Cases;

/// <summary>
/// The rules of the case workflow (issue 7), pure: each method takes the case as read and returns the
/// <see cref="CaseChange"/> to store, or throws <see cref="CaseActionException"/> with a Spanish message for staff.
/// Storing is the caller's: <see cref="ICaseWorkflowStore.UpdateAsync"/>, or <c>IOutbox.UpdateCaseAsync</c> when the
/// citizen must be told. Deadlines are counted in Ecuadorian business days (<see cref="BusinessCalendar"/>); the clock
/// stops while the case waits for the citizen. A change carries the version as read: the store refuses it when the
/// case changed meanwhile.
/// </summary>
public sealed class CaseWorkflow(BusinessCalendar calendar, IOptions<CaseDeadlineOptions> options)
{
    /// <summary>The longest note, request, resolution or answer accepted.</summary>
    public const int MaxTextLength = 4000;
    public const int MaxAuthorityLength = 200;
    /// <summary>How the citizen appears in a timeline (never their name: a denunciante's identity is reserved).</summary>
    public const string CitizenName = "Ciudadano";

    internal BusinessCalendar Calendar => calendar;
    internal CaseDeadlineOptions Deadlines => options.Value;

    /// <summary>The progress of a newly filed case: its team by type and category, status Recibido, due dates from filing.</summary>
    public CaseProgress Start(FiledCase filed)
    {
        var days = AllowedBusinessDays(filed.Type);
        return new CaseProgress
        {
            CaseNumber = filed.CaseNumber,
            Type = filed.Type,
            Category = filed.Category,
            ProvinceCode = filed.Address.ProvinceCode,
            FiledAt = filed.FiledAt,
            Team = CaseTeams.For(filed.Type, filed.Category),
            Status = CaseStatuses.Received,
            DueAt = calendar.DueAfter(filed.FiledAt, days),
            AtRiskAt = calendar.DueAfter(filed.FiledAt, AtRiskBusinessDays(days)),
            Version = 0,
        };
    }

    /// <summary>The first entry of every timeline; stores may keep it or build it from the filing on read.</summary>
    public static CaseEvent FiledEvent(FiledCase filed) =>
        new(filed.FiledAt, CaseEventKind.Filed, CaseActors.Citizen, CitizenName, IsPublic: false, ToStatus: CaseStatuses.Received);

    /// <summary>The business days allowed for a substantive answer (or progress feedback on a denuncia).</summary>
    public int AllowedBusinessDays(CaseType type) =>
        type == CaseType.Denuncia ? options.Value.DenunciaBusinessDays : options.Value.QuejaBusinessDays;

    /// <summary>The business days after which a case is at risk: the at-risk share of the allowed days, rounded up.</summary>
    public int AtRiskBusinessDays(int allowedDays) =>
        Math.Clamp((int)Math.Ceiling((allowedDays * options.Value.AtRiskFraction) - 1e-9), 0, allowedDays);

    /// <summary>The statuses a plain status change may move to from here (requests, resolutions and referrals have their own actions).</summary>
    public IReadOnlyList<string> NextStatuses(CaseProgress progress) => progress.Status switch
    {
        CaseStatuses.Received => [CaseStatuses.InAnalysis],
        // Staff may take the case back when the citizen does not answer.
        CaseStatuses.InformationRequested => [CaseStatuses.InAnalysis],
        CaseStatuses.Resolved or CaseStatuses.Referred => [CaseStatuses.Closed],
        _ => [],
    };

    public CaseChange Assign(CaseFile file, StaffActor actor, StaffActor assignee, DateTimeOffset now)
    {
        var progress = OpenForChange(file, actor);
        if (!CaseAccess.CanAssign(actor, progress, assignee))
        {
            throw new CaseActionException("La persona elegida no pertenece al equipo de este caso.");
        }
        if (progress.AssigneeId == assignee.Id)
        {
            throw new CaseActionException($"El caso ya está asignado a {assignee.Name}.");
        }
        var changed = Touch(progress, now) with { AssigneeId = assignee.Id, AssigneeName = assignee.Name };
        return Change(changed, Event(now, CaseEventKind.Assigned, actor) with { AssigneeId = assignee.Id, Text = assignee.Name });
    }

    public CaseChange ChangeTeam(CaseFile file, StaffActor actor, CaseTeam team, DateTimeOffset now)
    {
        var progress = OpenForChange(file, actor);
        if (!CaseAccess.CanChangeTeam(actor, progress))
        {
            throw new CaseActionException("Solo un supervisor puede mover una queja entre las áreas de quejas.");
        }
        if (team == CaseTeam.Denuncias)
        {
            throw new CaseActionException("Una queja no puede pasar al equipo de denuncias.");
        }
        if (team == progress.Team)
        {
            throw new CaseActionException($"El caso ya pertenece a {CaseTeams.DisplayName(team)}.");
        }
        // The assignee belongs to the old area and may not see the case any more.
        var changed = Touch(progress, now) with { Team = team, AssigneeId = null, AssigneeName = null };
        return Change(changed, Event(now, CaseEventKind.TeamChanged, actor) with { Text = CaseTeams.DisplayName(team) });
    }

    public CaseChange ChangeStatus(CaseFile file, StaffActor actor, string toStatus, DateTimeOffset now)
    {
        var progress = RequireAccess(file, actor);
        if (toStatus == progress.Status)
        {
            throw new CaseActionException($"El caso ya está en estado «{toStatus}».");
        }
        if (!NextStatuses(progress).Contains(toStatus))
        {
            throw new CaseActionException(toStatus switch
            {
                CaseStatuses.InformationRequested => "Para pedir información al ciudadano use la acción «Solicitar información».",
                CaseStatuses.Resolved => "Para resolver el caso use la acción «Resolver», con el texto de la resolución.",
                CaseStatuses.Referred => "Para remitir una denuncia use la acción «Remitir», indicando la autoridad.",
                _ when !CaseStatuses.All.Contains(toStatus) => $"«{toStatus}» no es un estado del caso.",
                _ => $"No se puede pasar un caso de «{progress.Status}» a «{toStatus}».",
            });
        }
        var changed = Touch(progress, now) with { Status = toStatus };
        if (progress.Status == CaseStatuses.InformationRequested)
        {
            changed = Resume(changed, now);
        }
        var kind = CaseEventKind.StatusChanged;
        if (toStatus == CaseStatuses.Closed)
        {
            changed = changed with { ClosedAt = now };
            kind = CaseEventKind.Closed;
        }
        return Change(changed, Event(now, kind, actor) with { FromStatus = progress.Status, ToStatus = toStatus });
    }

    /// <summary>Internal: never shown to the citizen. Allowed in every status (staff may document a closed case).</summary>
    public CaseChange AddNote(CaseFile file, StaffActor actor, string text, DateTimeOffset now)
    {
        var progress = RequireAccess(file, actor);
        var note = RequireText(text, MaxTextLength, "La nota");
        return Change(Touch(progress, now), Event(now, CaseEventKind.NoteAdded, actor) with { Text = note });
    }

    /// <summary>Public; status → Información solicitada; the clock pauses.</summary>
    public CaseChange RequestInformation(CaseFile file, StaffActor actor, string request, DateTimeOffset now)
    {
        var progress = RequireAccess(file, actor);
        RequireStatus(progress, CaseStatuses.InAnalysis, "pedir información al ciudadano");
        var text = RequireText(request, MaxTextLength, "La solicitud");
        var changed = Touch(progress, now) with { Status = CaseStatuses.InformationRequested, PausedSince = now };
        return Change(changed, Event(now, CaseEventKind.InformationRequested, actor, isPublic: true) with
        {
            Text = text,
            FromStatus = progress.Status,
            ToStatus = CaseStatuses.InformationRequested,
        });
    }

    /// <summary>Public; status → Resuelto.</summary>
    public CaseChange Resolve(CaseFile file, StaffActor actor, string resolution, DateTimeOffset now)
    {
        var progress = RequireAccess(file, actor);
        RequireStatus(progress, CaseStatuses.InAnalysis, "resolverlo");
        var text = RequireText(resolution, MaxTextLength, "La resolución");
        var changed = Touch(progress, now) with { Status = CaseStatuses.Resolved, ResolvedAt = now };
        return Change(changed, Event(now, CaseEventKind.Resolved, actor, isPublic: true) with
        {
            Text = text,
            FromStatus = progress.Status,
            ToStatus = CaseStatuses.Resolved,
        });
    }

    /// <summary>Denuncias only; status → Remitido, naming the authority.</summary>
    public CaseChange Refer(CaseFile file, StaffActor actor, string authority, DateTimeOffset now)
    {
        var progress = RequireAccess(file, actor);
        if (progress.Type != CaseType.Denuncia)
        {
            throw new CaseActionException("Solo las denuncias se remiten a una autoridad externa.");
        }
        if (progress.Status is not (CaseStatuses.Received or CaseStatuses.InAnalysis))
        {
            throw new CaseActionException($"Una denuncia en estado «{progress.Status}» no se puede remitir.");
        }
        var text = RequireText(authority, MaxAuthorityLength, "La autoridad");
        var changed = Touch(progress, now) with { Status = CaseStatuses.Referred, ResolvedAt = now };
        return Change(changed, Event(now, CaseEventKind.Referred, actor) with
        {
            Text = text,
            FromStatus = progress.Status,
            ToStatus = CaseStatuses.Referred,
        });
    }

    /// <summary>The citizen's answer to an open request: text and files into the timeline; status → En análisis; the clock resumes with the due date moved by the business days waited.</summary>
    public CaseChange RecordCitizenAnswer(CaseFile file, string text, IReadOnlyList<EvidenceReference> evidence, DateTimeOffset now)
    {
        var progress = file.Progress;
        if (progress.Status != CaseStatuses.InformationRequested)
        {
            throw new CaseActionException("El caso no está esperando información del ciudadano.");
        }
        var answer = text?.Trim() ?? "";
        if (answer.Length == 0 && evidence.Count == 0)
        {
            throw new CaseActionException("La respuesta del ciudadano no puede estar vacía.");
        }
        if (answer.Length > MaxTextLength)
        {
            throw new CaseActionException($"La respuesta del ciudadano no puede superar {MaxTextLength} caracteres.");
        }
        var changed = Resume(progress with { Status = CaseStatuses.InAnalysis }, now);
        return Change(changed, new CaseEvent(now, CaseEventKind.CitizenAnswered, CaseActors.Citizen, CitizenName, IsPublic: false,
            Text: answer.Length == 0 ? null : answer,
            FromStatus: progress.Status,
            ToStatus: CaseStatuses.InAnalysis,
            Evidence: [.. evidence]));
    }

    public SlaState SlaOf(CaseProgress progress, DateTimeOffset now) => progress.Status switch
    {
        CaseStatuses.Resolved or CaseStatuses.Referred or CaseStatuses.Closed => SlaState.Finished,
        CaseStatuses.InformationRequested => SlaState.Paused,
        _ when progress.PausedSince is not null => SlaState.Paused,
        _ when now > progress.DueAt => SlaState.Overdue,
        _ when now > progress.AtRiskAt => SlaState.AtRisk,
        _ => SlaState.OnTime,
    };

    public CitizenCaseView CitizenView(CaseFile file)
    {
        var progress = file.Progress;
        var awaiting = progress.Status == CaseStatuses.InformationRequested;
        // The citizen reads what IESS said, not which official said it.
        var last = file.Timeline.LastOrDefault(e => e.IsPublic) is { } message
            ? message with { ActorId = CaseActors.System, ActorName = "IESS", AssigneeId = null }
            : null;
        DateOnly? answerBy = awaiting && progress.PausedSince is { } since
            ? calendar.AddBusinessDays(BusinessCalendar.DateOf(since), options.Value.CitizenAnswerBusinessDays)
            : null;
        return new CitizenCaseView(progress.CaseNumber, progress.Type, progress.Status, progress.FiledAt, last, awaiting, answerBy);
    }

    /// <summary>The clock restarts: the due dates move later by the business days spent waiting (after the request day, up to today).</summary>
    private CaseProgress Resume(CaseProgress progress, DateTimeOffset now)
    {
        if (progress.PausedSince is not { } since)
        {
            return progress;
        }
        var waited = calendar.BusinessDaysBetween(BusinessCalendar.DateOf(since), BusinessCalendar.DateOf(now));
        return progress with
        {
            PausedSince = null,
            DueAt = calendar.MoveLater(progress.DueAt, waited),
            AtRiskAt = calendar.MoveLater(progress.AtRiskAt, waited),
        };
    }

    private static CaseProgress RequireAccess(CaseFile file, StaffActor actor) =>
        CaseAccess.CanOpen(actor, file.Progress)
            ? file.Progress
            : throw new CaseActionException("No tiene acceso a este caso.");

    /// <summary>Assignment and team changes make no sense once the case is closed.</summary>
    private static CaseProgress OpenForChange(CaseFile file, StaffActor actor)
    {
        var progress = RequireAccess(file, actor);
        return progress.Status == CaseStatuses.Closed
            ? throw new CaseActionException("El caso está cerrado.")
            : progress;
    }

    private static void RequireStatus(CaseProgress progress, string status, string action)
    {
        if (progress.Status != status)
        {
            throw new CaseActionException($"Para {action}, el caso debe estar en estado «{status}» (está en «{progress.Status}»).");
        }
    }

    private static string RequireText(string? text, int maxLength, string what)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            throw new CaseActionException($"{what} no puede estar vacía.");
        }
        return trimmed.Length > maxLength
            ? throw new CaseActionException($"{what} no puede superar {maxLength} caracteres.")
            : trimmed;
    }

    private static CaseProgress Touch(CaseProgress progress, DateTimeOffset now) =>
        progress with { FirstResponseAt = progress.FirstResponseAt ?? now };

    private static CaseEvent Event(DateTimeOffset now, CaseEventKind kind, StaffActor actor, bool isPublic = false) =>
        new(now, kind, actor.Id, actor.Name, isPublic);

    private static CaseChange Change(CaseProgress progress, CaseEvent @event) => new(progress, [@event]);
}

/// <summary>Deadlines per case type in business days (reference/domain.md §5 defaults), configurable under <c>Cases:Deadlines</c>.</summary>
public sealed class CaseDeadlineOptions
{
    public const string Section = "Cases:Deadlines";

    /// <summary>Substantive answer to a queja: target 15 business days (COA Art. 207's hard limit is 30).</summary>
    public int QuejaBusinessDays { get; set; } = 15;
    /// <summary>Progress feedback on a denuncia: 30 business days.</summary>
    public int DenunciaBusinessDays { get; set; } = 30;
    /// <summary>The citizen's time to answer a request for information (COA Art. 140: 10 días término).</summary>
    public int CitizenAnswerBusinessDays { get; set; } = 10;
    /// <summary>The share of the allowed time after which a case is "at risk".</summary>
    public double AtRiskFraction { get; set; } = 0.8;
}
