using System.Diagnostics.CodeAnalysis;
using IessBot.Cases;

namespace IessBot.Evidence;

/// <summary>Why a file was not accepted; the filing dialog words it for the citizen.</summary>
public enum EvidenceRejectionReason
{
    /// <summary>More bytes than <see cref="EvidenceIntakeResult.MaxBytes"/>.</summary>
    TooLarge,
    /// <summary>Not a PDF, JPEG or PNG by its content.</summary>
    UnsupportedType,
    Empty,
    /// <summary>The channel could not deliver the file.</summary>
    Unreadable,
    /// <summary>The malware scanner found something: the file is never stored.</summary>
    Infected,
    /// <summary>A PDF with JavaScript, a launch action or embedded files.</summary>
    PdfActiveContent,
    /// <summary>The file's structure is broken, or (PDF) a part of it could not be checked.</summary>
    Damaged,
    /// <summary>Scanning is configured but the scanner gave no verdict (fail closed: the citizen may retry).</summary>
    ScanUnavailable,
}

/// <summary>The outcome of <see cref="EvidenceIntake.AcceptAsync"/>: the stored file, or why it was refused.</summary>
public sealed record EvidenceIntakeResult
{
    private EvidenceIntakeResult(EvidenceReference? evidence, EvidenceRejectionReason? rejection, long maxBytes)
    {
        Evidence = evidence;
        Rejection = rejection;
        MaxBytes = maxBytes;
    }

    public EvidenceReference? Evidence { get; }
    public EvidenceRejectionReason? Rejection { get; }

    /// <summary>The per-file limit that applied (for texts like "hasta 1 MB").</summary>
    public long MaxBytes { get; }

    [MemberNotNullWhen(true, nameof(Evidence))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsAccepted => Evidence is not null;

    public static EvidenceIntakeResult Accepted(EvidenceReference evidence, long maxBytes) => new(evidence, null, maxBytes);

    public static EvidenceIntakeResult Rejected(EvidenceRejectionReason reason, long maxBytes) => new(null, reason, maxBytes);
}
