namespace IessBot.Evidence;

/// <summary>
/// The file types accepted as evidence (DESIGN.md flow step 8: PDF, JPG or PNG), recognised by their first bytes;
/// the declared content type and the file name are the sender's claim and are not trusted.
/// </summary>
public sealed record EvidenceFileType(string Name, string ContentType, string Extension)
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs to tell every accepted type apart.</summary>
    public const int HeaderLength = 8;

    public static readonly EvidenceFileType Pdf = new("PDF", "application/pdf", ".pdf");
    public static readonly EvidenceFileType Jpeg = new("JPEG", "image/jpeg", ".jpg");
    public static readonly EvidenceFileType Png = new("PNG", "image/png", ".png");
    public static readonly EvidenceFileType Unknown = new("Unknown", "application/octet-stream", "");

    public bool IsAccepted => this != Unknown;

    public static EvidenceFileType Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }
        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }
        return Unknown;
    }
}
