namespace IessBot.Cases;

/// <summary>
/// The team that works a case. Quejas go to an area by category (<see cref="CaseTeams"/>); denuncias only ever go to
/// the specialised team (DESIGN.md "Confidentiality"; reference/domain.md §4). A supervisor can move a queja between
/// the two queja areas; a case never moves between quejas and denuncias.
/// </summary>
public enum CaseTeam
{
    QuejasSalud,
    QuejasAdministrativo,
    Denuncias,
}

/// <summary>How far a case is from its due date (the list's SLA column and filter).</summary>
public enum SlaState
{
    OnTime,
    /// <summary>80 % or more of the allowed business days used (reference/domain.md §5, internal alerts).</summary>
    AtRisk,
    Overdue,
    /// <summary>Waiting for the citizen: the clock is stopped.</summary>
    Paused,
    /// <summary>Resolved, referred or closed: no deadline runs.</summary>
    Finished,
}

/// <summary>
/// Where the citizen filed from, so that a request for information or a resolution can reach them on the same channel
/// (a proactive chat message, the Direct Line conversation, or WhatsApp). Channel-neutral: Cases/ knows nothing of the
/// Bot Framework schema. Holds a WhatsApp number in <see cref="UserId"/>, so it is stored encrypted with the case.
/// </summary>
public sealed record CitizenChannel(string ChannelId, string? ServiceUrl, string ConversationId, string UserId, string? BotId)
{
    /// <summary>
    /// Who delivered the citizen's activities (the activity's <c>callerId</c>): Azure Bot Service, or the app's own
    /// Direct Line, whose conversations are reached through its activity log rather than a Connector.
    /// </summary>
    public string? CallerId { get; init; }
}

/// <summary>What kind of thing happened on a case (one entry of its timeline).</summary>
public enum CaseEventKind
{
    Filed,
    Assigned,
    /// <summary>A supervisor moved a queja to the other queja area.</summary>
    TeamChanged,
    StatusChanged,
    /// <summary>Internal: never shown to the citizen.</summary>
    NoteAdded,
    /// <summary>Public: the request text is sent to the citizen; the case waits for them (clock paused).</summary>
    InformationRequested,
    /// <summary>The citizen's answer to a request, with text and evidence files.</summary>
    CitizenAnswered,
    /// <summary>Public: the resolution the citizen receives.</summary>
    Resolved,
    /// <summary>Denuncias: referred to an external authority (Fiscalía, Contraloría).</summary>
    Referred,
    Closed,
}

/// <summary>
/// One entry of a case's timeline. <see cref="Text"/> may hold personal data (a note, a request, the citizen's
/// answer): stores encrypt it. <see cref="IsPublic"/> entries are what the citizen sees (requests, resolution).
/// <see cref="ActorId"/> is a staff user id, or <see cref="CaseActors.Citizen"/> / <see cref="CaseActors.System"/>.
/// </summary>
public sealed record CaseEvent(
    DateTimeOffset At,
    CaseEventKind Kind,
    string ActorId,
    string ActorName,
    bool IsPublic,
    string? Text = null,
    string? FromStatus = null,
    string? ToStatus = null,
    string? AssigneeId = null,
    IReadOnlyList<EvidenceReference>? Evidence = null);

public static class CaseActors
{
    public const string Citizen = "ciudadano";
    public const string System = "sistema";
}

/// <summary>
/// The working state of a case, next to the filing itself (<see cref="FiledCase"/> stays as the citizen filed it).
/// Everything here is safe to keep in clear columns (no personal data): it is what the staff list filters and sorts on.
/// </summary>
public sealed record CaseProgress
{
    public required string CaseNumber { get; init; }
    public required CaseType Type { get; init; }
    public required string Category { get; init; }
    public required string ProvinceCode { get; init; }
    public required DateTimeOffset FiledAt { get; init; }
    public required CaseTeam Team { get; init; }
    public required string Status { get; init; }
    public string? AssigneeId { get; init; }
    public string? AssigneeName { get; init; }
    /// <summary>When the answer is due; moves later by the business days spent waiting for the citizen.</summary>
    public required DateTimeOffset DueAt { get; init; }
    /// <summary>When 80 % of the allowed time is used (the list's "at risk").</summary>
    public required DateTimeOffset AtRiskAt { get; init; }
    /// <summary>Set while the status is <see cref="CaseStatuses.InformationRequested"/>: the clock is stopped since then.</summary>
    public DateTimeOffset? PausedSince { get; init; }
    /// <summary>The first staff action on the case (statistics: time to first response).</summary>
    public DateTimeOffset? FirstResponseAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    /// <summary>Optimistic concurrency: a store refuses an update whose version is not the stored one.</summary>
    public required long Version { get; init; }
}

/// <summary>A case as the staff console sees it: the filing, its progress and its timeline (oldest first).</summary>
public sealed record CaseFile(FiledCase Filing, CaseProgress Progress, IReadOnlyList<CaseEvent> Timeline);

/// <summary>What the citizen sees through *Consultar mi caso*: no internal notes, no staff names.</summary>
public sealed record CitizenCaseView(
    string CaseNumber,
    CaseType Type,
    string Status,
    DateTimeOffset FiledAt,
    /// <summary>The latest public message (a request for information or the resolution), if any.</summary>
    CaseEvent? LastPublicMessage,
    /// <summary>True while staff wait for the citizen's answer (status <see cref="CaseStatuses.InformationRequested"/>).</summary>
    bool AwaitingCitizen,
    /// <summary>The business day by which the citizen should answer a request, when one is open.</summary>
    DateOnly? AnswerBy);

/// <summary>What the staff list filters by; a null field does not filter. Sorted by due date, earliest first.</summary>
public sealed record CaseListQuery
{
    public const int MaxPageSize = 200;

    public CaseType? Type { get; init; }
    public string? Category { get; init; }
    public string? Status { get; init; }
    public string? ProvinceCode { get; init; }
    public CaseTeam? Team { get; init; }
    public string? AssigneeId { get; init; }
    public DateTimeOffset? FiledFrom { get; init; }
    public DateTimeOffset? FiledBefore { get; init; }
    public SlaState? Sla { get; init; }
    /// <summary>An exact case number (any case, I/L/O tolerated as <see cref="CaseNumber.TryParse"/> does).</summary>
    public string? CaseNumber { get; init; }
    public int PageSize { get; init; } = 50;
    /// <summary>1-based page number (the list shows page links; 100,000 cases stay fast with the due-date index).</summary>
    public int Page { get; init; } = 1;
}

/// <summary>A page of the staff list, with the total count of matching cases for the pager.</summary>
public sealed record CaseListPage(IReadOnlyList<CaseProgress> Cases, int TotalCount, int Page, int PageSize);

/// <summary>Figures for the statistics page; counts by a key over a period.</summary>
public sealed record CaseStatistics(
    IReadOnlyDictionary<string, int> ByType,
    IReadOnlyDictionary<string, int> ByCategory,
    IReadOnlyDictionary<string, int> ByProvince,
    IReadOnlyDictionary<string, int> ByStatus,
    /// <summary>Cases filed per month ("2026-11"), per type.</summary>
    IReadOnlyList<(string Month, CaseType Type, int Count)> FiledPerMonth,
    /// <summary>Median business-hours-agnostic elapsed time from filing to the first staff action; null with no data.</summary>
    TimeSpan? MedianTimeToFirstResponse,
    TimeSpan? MedianTimeToResolution);

/// <summary>The filter of the statistics page: a period and the teams the viewer may count.</summary>
public sealed record StatisticsQuery(DateTimeOffset From, DateTimeOffset Before, IReadOnlySet<CaseTeam> Teams);

/// <summary>What one action does to a case: the new progress and the timeline entries it adds.</summary>
public sealed record CaseChange(CaseProgress Progress, IReadOnlyList<CaseEvent> Events);

/// <summary>A staff member acting on cases: the id and name that go into timelines and the audit trail, and the roles of <see cref="StaffRoles"/>.</summary>
public sealed record StaffActor(string Id, string Name, IReadOnlySet<string> Roles);

/// <summary>An action the workflow does not allow (wrong status, wrong team, empty text). The message is Spanish, for staff.</summary>
public sealed class CaseActionException(string message) : Exception(message);

/// <summary>A store refused an update because the case changed since it was read (someone else acted first).</summary>
public sealed class CaseChangedException(string caseNumber)
    : Exception($"The case {caseNumber} changed since it was read.");

/// <summary>
/// The working state of cases: progress, timeline and the staff list. Provider implementations: Storage/Embedded
/// (SQLite: progress as clear columns of the cases table, events in their own table, encrypted) and Storage/Azure
/// (Cosmos DB). <see cref="CaseWorkflow"/> is the only caller; it enforces the rules, the store only stores.
/// </summary>
public interface ICaseWorkflowStore
{
    /// <summary>The case with its progress and timeline; null when unknown. A case filed before the workflow existed gets its progress on first read.</summary>
    Task<CaseFile?> GetAsync(string caseNumber, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="change"/>: its progress (whose <see cref="CaseProgress.Version"/> must equal the stored
    /// version; it is stored as version + 1) and its events appended to the timeline, atomically. A change that must
    /// also tell the citizen goes through <c>IOutbox.UpdateCaseAsync</c> instead, which writes the messages with it.
    /// </summary>
    /// <returns>The progress as stored (new version).</returns>
    /// <exception cref="CaseChangedException">The stored version differs.</exception>
    Task<CaseProgress> UpdateAsync(CaseChange change, CancellationToken cancellationToken);

    /// <summary>The staff list. <paramref name="now"/> decides the SLA state. Only cases of <paramref name="teams"/>.</summary>
    Task<CaseListPage> ListAsync(CaseListQuery query, IReadOnlySet<CaseTeam> teams, DateTimeOffset now, CancellationToken cancellationToken);

    Task<CaseStatistics> StatisticsAsync(StatisticsQuery query, CancellationToken cancellationToken);
}
