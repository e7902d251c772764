namespace IessBot.Evidence.Sanitizing;

/// <summary>
/// Raised inside the evidence pipeline when a file must not be stored; it travels through the pipe to the store,
/// which then removes its temporary file, and <see cref="EvidenceIntake"/> turns it into a refusal.
/// </summary>
internal sealed class EvidenceRefusedException(EvidenceRejectionReason reason, string detail)
    : Exception($"The file was refused: {reason} ({detail}).")
{
    public EvidenceRejectionReason Reason { get; } = reason;

    /// <summary>What was found, for the log: a signature or a PDF name, never anything the citizen wrote.</summary>
    public string Detail { get; } = detail;

    public static EvidenceRefusedException Damaged(string detail = "structure") => new(EvidenceRejectionReason.Damaged, detail);
}
