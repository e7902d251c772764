namespace IessBot.Evidence;

/// <summary>Where evidence files live. Content is streamed in and out; a file is never held whole in memory.</summary>
public interface IEvidenceStore
{
    /// <summary>
    /// Streams <paramref name="content"/> into the store under a generated id and returns what was stored.
    /// Throws <see cref="EvidenceTooLargeException"/> as soon as more than <paramref name="maxBytes"/> have been read,
    /// leaving nothing behind.
    /// </summary>
    Task<StoredEvidence> SaveAsync(Stream content, string contentType, long maxBytes, CancellationToken cancellationToken);

    Task<Stream?> OpenReadAsync(string evidenceId, CancellationToken cancellationToken);

    Task DeleteAsync(string evidenceId, CancellationToken cancellationToken);
}

public sealed record StoredEvidence(string EvidenceId, string ContentType, long Length, string Sha256);

public sealed class EvidenceTooLargeException(long maxBytes)
    : Exception($"The file is larger than the limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>
/// Opens the bytes behind an attachment's <c>contentUrl</c>. Implemented by the channels, which know how
/// to fetch their own attachments (Connector URLs, Direct Line uploads, WhatsApp media ids). Several may be
/// registered; <see cref="AttachmentContent"/> picks one per URL.
/// </summary>
public interface IAttachmentContentSource
{
    /// <summary>Whether this source knows how to open the URL (its scheme, host or path).</summary>
    bool CanOpen(string contentUrl);

    Task<Stream> OpenAsync(string contentUrl, CancellationToken cancellationToken);
}
