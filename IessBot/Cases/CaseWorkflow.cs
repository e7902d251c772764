namespace IessBot.Cases;

/// <summary>
/// The rules of the case workflow (issue 7), pure: each method takes the case as read and returns the
/// <see cref="CaseChange"/> to store, or throws <see cref="CaseActionException"/> with a Spanish message for staff.
/// Storing is the caller's: <see cref="ICaseWorkflowStore.UpdateAsync"/>, or <c>IOutbox.UpdateCaseAsync</c> when the
/// citizen must be told. Deadlines are counted in Ecuadorian business days (<see cref="BusinessCalendar"/>); the clock
/// stops while the case waits for the citizen.
/// TODO(helper cases-core): implement; signatures are the contract the console and the chat use.
/// </summary>
public sealed class CaseWorkflow(BusinessCalendar calendar, Microsoft.Extensions.Options.IOptions<CaseDeadlineOptions> options)
{
    internal BusinessCalendar Calendar => calendar;
    internal CaseDeadlineOptions Deadlines => options.Value;

    /// <summary>The progress of a newly filed case: its team by type and category, status Recibido, due dates from filing.</summary>
    public CaseProgress Start(FiledCase filed) => throw new NotImplementedException();

    /// <summary>The statuses a plain status change may move to from here (requests, resolutions and referrals have their own actions).</summary>
    public IReadOnlyList<string> NextStatuses(CaseProgress progress) => throw new NotImplementedException();

    public CaseChange Assign(CaseFile file, StaffActor actor, StaffActor assignee, DateTimeOffset now) => throw new NotImplementedException();

    public CaseChange ChangeTeam(CaseFile file, StaffActor actor, CaseTeam team, DateTimeOffset now) => throw new NotImplementedException();

    public CaseChange ChangeStatus(CaseFile file, StaffActor actor, string toStatus, DateTimeOffset now) => throw new NotImplementedException();

    public CaseChange AddNote(CaseFile file, StaffActor actor, string text, DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>Public; status → Información solicitada; the clock pauses.</summary>
    public CaseChange RequestInformation(CaseFile file, StaffActor actor, string request, DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>Public; status → Resuelto.</summary>
    public CaseChange Resolve(CaseFile file, StaffActor actor, string resolution, DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>Denuncias only; status → Remitido, naming the authority.</summary>
    public CaseChange Refer(CaseFile file, StaffActor actor, string authority, DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>The citizen's answer to an open request: text and files into the timeline; status → En análisis; the clock resumes with the due date moved by the business days waited.</summary>
    public CaseChange RecordCitizenAnswer(CaseFile file, string text, IReadOnlyList<EvidenceReference> evidence, DateTimeOffset now) => throw new NotImplementedException();

    public SlaState SlaOf(CaseProgress progress, DateTimeOffset now) => throw new NotImplementedException();

    public CitizenCaseView CitizenView(CaseFile file) => throw new NotImplementedException();
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
