using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using IessBot.Evidence;

namespace IessBot.Storage.Azure;

/// <summary>
/// Evidence files in a private blob container, encrypted as the embedded store encrypts them. The blob name is the
/// random evidence id (no personal data, not even the file name); the real content type, the SHA-256 of the
/// plaintext and its length are metadata. The upload streams through: blocks are staged as the encrypted bytes
/// come (one block buffer per upload) and the blob exists only once its block list is committed, so a refused,
/// failed or cancelled upload leaves no blob behind (uncommitted blocks are discarded by the service).
/// </summary>
internal sealed class BlobEvidenceStore(BlobContainerClient container, PersonalDataProtector protector) : IEvidenceStore
{
    internal const string ContentTypeMetadata = "contenttype";
    internal const string Sha256Metadata = "sha256";
    internal const string LengthMetadata = "length";

    public async Task<StoredEvidence> SaveAsync(Stream content, string contentType, long maxBytes, CancellationToken cancellationToken)
    {
        var id = EvidenceEncryption.NewId();
        await using var upload = new BlockUploadStream(container.GetBlockBlobClient(id));
        var (length, sha256) = await EvidenceEncryption.CopyEncryptedAsync(protector, content, upload, maxBytes, cancellationToken).ConfigureAwait(false);
        await upload.CommitAsync(
            new BlobHttpHeaders { ContentType = "application/octet-stream" },
            new Dictionary<string, string>
            {
                [ContentTypeMetadata] = contentType,
                [Sha256Metadata] = sha256,
                [LengthMetadata] = length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            cancellationToken).ConfigureAwait(false);
        return new StoredEvidence(id, contentType, length, sha256);
    }

    public async Task<Stream?> OpenReadAsync(string evidenceId, CancellationToken cancellationToken)
    {
        if (!EvidenceEncryption.IsValidId(evidenceId))
        {
            return null;
        }
        try
        {
            var download = await container.GetBlobClient(evidenceId).DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return protector.CreateDecryptingReader(download.Value.Content);
        }
        catch (RequestFailedException failed) when (failed.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string evidenceId, CancellationToken cancellationToken)
    {
        if (EvidenceEncryption.IsValidId(evidenceId))
        {
            await container.GetBlobClient(evidenceId).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
