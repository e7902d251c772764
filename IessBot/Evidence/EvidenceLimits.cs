using IessBot.Cases;

namespace IessBot.Evidence;

/// <summary>The <c>Evidence</c> settings section: size and count limits of the files attached to a case.</summary>
public sealed class EvidenceLimits
{
    public const string SectionName = "Evidence";
    public const long Megabyte = 1024 * 1024;

    /// <summary>Per file for a queja (DESIGN.md flow step 8: 1 MB).</summary>
    public long MaxQuejaFileBytes { get; set; } = 1 * Megabyte;

    /// <summary>Per file for a denuncia (DESIGN.md flow step 8: 20 MB).</summary>
    public long MaxDenunciaFileBytes { get; set; } = 20 * Megabyte;

    public int MaxFilesPerCase { get; set; } = 5;

    public long MaxFileBytes(CaseType type) => type == CaseType.Denuncia ? MaxDenunciaFileBytes : MaxQuejaFileBytes;
}
