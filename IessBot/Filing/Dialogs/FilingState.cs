using IessBot.Cases;

namespace IessBot.Filing.Dialogs;

/// <summary>
/// What the citizen has given so far in one filing. Persisted as JSON in the conversation state between turns,
/// so it stays a plain class; it leaves the state when the filing dialog ends (filed, cancelled or refused).
/// </summary>
public sealed class FilingState
{
    public CaseType Type { get; set; }

    /// <summary>The category code (<see cref="CaseCategory.Code"/>).</summary>
    public string? Category { get; set; }

    public ConsentRecord? Consent { get; set; }

    public string? Cedula { get; set; }

    /// <summary>E.164.</summary>
    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? ProvinceCode { get; set; }

    public string? CantonCode { get; set; }

    /// <summary>Street, house number and a reference, as the citizen wrote them in one answer.</summary>
    public string? Street { get; set; }

    public string? Description { get; set; }

    /// <summary>The IESS unit or office where it happened; null when skipped.</summary>
    public string? Place { get; set; }

    public List<EvidenceReference> Evidence { get; set; } = [];

    /// <summary>Set by "Corregir": only this field is asked again, then the summary is shown.</summary>
    public FilingField? Correcting { get; set; }

    /// <summary>
    /// Fixed when the summary is first shown (a turn before the confirmation), so a confirmation turn that runs
    /// again after a state conflict, or is retried, files the same case (DESIGN.md, "How a turn runs" 6).
    /// </summary>
    public string? CaseNumber { get; set; }

    public string? FilingId { get; set; }

    /// <summary>Whether the steps of <paramref name="field"/> are passed over in this run of the waterfall.</summary>
    public bool Skips(FilingField field) => Correcting is { } correcting && field != correcting;
}
