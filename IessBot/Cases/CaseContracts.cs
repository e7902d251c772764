namespace IessBot.Cases;

public enum CaseType
{
    Queja,
    Denuncia,
}

/// <summary>A reference to one evidence file stored with a case (chain of custody: the hash is of the stored bytes).</summary>
public sealed record EvidenceReference(string EvidenceId, string ContentType, long Length, string Sha256, string OriginalName);

/// <summary>The citizen's acceptance of the data-protection notice (LOPDP Art. 8: provable, with the text version shown).</summary>
public sealed record ConsentRecord(string NoticeVersion, DateTimeOffset AcceptedAt);

public sealed record HomeAddress(string ProvinceCode, string ProvinceName, string CantonCode, string CantonName, string Street);

/// <summary>A filed queja or denuncia. Personal fields are encrypted by the store at rest.</summary>
public sealed record FiledCase
{
    public required string CaseNumber { get; init; }
    /// <summary>Fixed when the citizen confirms the summary; makes filing idempotent.</summary>
    public required string FilingId { get; init; }
    public required CaseType Type { get; init; }
    public required string Category { get; init; }
    public required ConsentRecord Consent { get; init; }
    public required string Cedula { get; init; }
    public required string Phone { get; init; }
    public required string Email { get; init; }
    public required HomeAddress Address { get; init; }
    public required string Description { get; init; }
    public string? Place { get; init; }
    public IReadOnlyList<EvidenceReference> Evidence { get; init; } = [];
    public required string ChannelId { get; init; }
    public required DateTimeOffset FiledAt { get; init; }
    /// <summary>Where to reach the citizen on the channel they filed from; null for cases filed before it was kept.</summary>
    public CitizenChannel? Origin { get; init; }
    /// <summary>The status when filed. The current status is <see cref="CaseProgress.Status"/> (the store returns it here too).</summary>
    public string Status { get; init; } = CaseStatuses.Received;
}

/// <summary>
/// The workflow's statuses (issue 7): Recibido → En análisis → Información solicitada → En análisis → Resuelto → Cerrado,
/// and Remitido (to an external authority) for denuncias. The strings are what staff and citizens read, and what is stored.
/// </summary>
public static class CaseStatuses
{
    public const string Received = "Recibido";
    public const string InAnalysis = "En análisis";
    public const string InformationRequested = "Información solicitada";
    public const string Resolved = "Resuelto";
    public const string Closed = "Cerrado";
    public const string Referred = "Remitido";

    public static IReadOnlyList<string> All { get; } = [Received, InAnalysis, InformationRequested, Resolved, Referred, Closed];
}

/// <summary>Where cases live. Case numbers are unique: the store enforces it.</summary>
public interface ICaseStore
{
    /// <summary>
    /// Stores a new case. Creating the same filing again (same case number and <see cref="FiledCase.FilingId"/>)
    /// returns the stored case; a case number already used by another filing throws <see cref="DuplicateCaseNumberException"/>.
    /// </summary>
    Task<FiledCase> CreateAsync(FiledCase filedCase, CancellationToken cancellationToken);

    Task<FiledCase?> GetAsync(string caseNumber, CancellationToken cancellationToken);

    /// <summary>Cases filed with this cédula, found through a keyed hash (the cédula is never stored in clear).</summary>
    Task<IReadOnlyList<FiledCase>> FindByCedulaAsync(string cedula, CancellationToken cancellationToken);

    /// <summary>The staff lists: cases matching <paramref name="query"/>, newest first (then by case number), one page at a time.</summary>
    /// <exception cref="ArgumentException">The page size is out of range or the continuation token is not one this store gave.</exception>
    Task<CasePage> QueryAsync(CaseQuery query, CancellationToken cancellationToken);
}

/// <summary>What staff filter cases by; a null field does not filter.</summary>
public sealed record CaseQuery
{
    public const int MaxPageSize = 200;

    public CaseType? Type { get; init; }
    public string? Status { get; init; }
    /// <summary>Filed at or after this instant.</summary>
    public DateTimeOffset? FiledFrom { get; init; }
    /// <summary>Filed before this instant.</summary>
    public DateTimeOffset? FiledBefore { get; init; }
    public int PageSize { get; init; } = 50;
    /// <summary>The <see cref="CasePage.ContinuationToken"/> of the previous page; null for the first page.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary>One page of a <see cref="CaseQuery"/>; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record CasePage(IReadOnlyList<FiledCase> Cases, string? ContinuationToken);

public sealed class DuplicateCaseNumberException(string caseNumber)
    : Exception($"The case number {caseNumber} is already used by another case.");
