namespace IessBot.Staff;

/// <summary>
/// One entry of the audit trail: who did what, when, to which case. Holds no personal data (auditors read it):
/// <see cref="Detail"/> says e.g. "Recibido → En análisis", never a note's text or a citizen's data.
/// </summary>
public sealed record AuditRecord(DateTimeOffset At, string ActorId, string Action, string? CaseNumber, string? Detail);

/// <summary>
/// A stored audit entry. <see cref="Hash"/> is the HMAC-SHA256 (key derived from the master key) of the previous
/// entry's hash and this entry's fields, so editing, deleting or reordering any entry breaks the chain from there on
/// (issue 7: append-only and tamper-evident).
/// </summary>
public sealed record AuditEntry(long Sequence, AuditRecord Record, string PreviousHash, string Hash);

/// <summary>The result of checking the chain: intact, or the first sequence number where it breaks.</summary>
public sealed record AuditChainCheck(bool Intact, long EntriesChecked, long? FirstBrokenSequence);

/// <summary>What the audit trail records (stable strings, stored).</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string ViewList = "view-list";
    public const string ViewCase = "view-case";
    public const string DownloadEvidence = "download-evidence";
    public const string Assign = "assign";
    public const string ChangeTeam = "change-team";
    public const string ChangeStatus = "change-status";
    public const string AddNote = "add-note";
    public const string RequestInformation = "request-information";
    public const string Resolve = "resolve";
    public const string Refer = "refer";
    public const string ViewStatistics = "view-statistics";
    public const string ViewAuditTrail = "view-audit-trail";
    /// <summary>Refused by the role rules (a URL typed by hand): recorded too.</summary>
    public const string Denied = "denied";
    public const string CitizenAnswered = "citizen-answered";
    /// <summary>A local account created or replaced by the <c>staff add-user</c> command.</summary>
    public const string AccountSaved = "account-saved";
}

/// <summary>The append-only, hash-chained audit trail. Provider implementations in Storage/Embedded and Storage/Azure.</summary>
public interface IAuditTrail
{
    Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>Entries newest first; with <paramref name="caseNumber"/>, only that case's.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(string? caseNumber, int max, long? beforeSequence, CancellationToken cancellationToken);

    /// <summary>Walks the whole chain from the first entry.</summary>
    Task<AuditChainCheck> VerifyAsync(CancellationToken cancellationToken);
}

/// <summary>A local staff account (embedded default; production signs in with OpenID Connect). The hash is ASP.NET Core's PasswordHasher format.</summary>
public sealed record StaffAccount(
    string UserName,
    string DisplayName,
    IReadOnlyList<string> Roles,
    string PasswordHash,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    DateTimeOffset CreatedAt);

/// <summary>Local staff accounts. User names are case-insensitive (stored lower-case).</summary>
public interface IStaffAccountStore
{
    Task<StaffAccount?> FindAsync(string userName, CancellationToken cancellationToken);

    /// <summary>Creates or replaces an account (the add-user command).</summary>
    Task SaveAsync(StaffAccount account, CancellationToken cancellationToken);

    /// <summary>All accounts (for "assign to a colleague"), without their hashes being shown anywhere.</summary>
    Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken);
}
