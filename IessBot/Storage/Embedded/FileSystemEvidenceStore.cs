using IessBot.Evidence;

namespace IessBot.Storage.Embedded;

/// <summary>
/// Evidence files under <c>&lt;DataDirectory&gt;/evidence/&lt;id&gt;</c>, encrypted at rest in chunks. A file is
/// written to a temporary name while it is counted and hashed, and renamed only when complete, so a refused
/// or interrupted upload leaves nothing behind. Ids are random and carry nothing about the citizen or the file.
/// </summary>
internal sealed class FileSystemEvidenceStore(string evidenceDirectory, PersonalDataProtector protector) : IEvidenceStore
{
    public const string FolderName = "evidence";
    private const string TemporarySuffix = ".tmp";

    public string Directory { get; } = System.IO.Directory.CreateDirectory(evidenceDirectory).FullName;

    public async Task<StoredEvidence> SaveAsync(Stream content, string contentType, long maxBytes, CancellationToken cancellationToken)
    {
        var id = EvidenceEncryption.NewId();
        var temporary = Path.Combine(Directory, id + TemporarySuffix);
        try
        {
            long length;
            string sha256;
            await using (var file = new FileStream(temporary, WriteOptions()))
            {
                (length, sha256) = await EvidenceEncryption.CopyEncryptedAsync(protector, content, file, maxBytes, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                // Evidence is kept for a chain of custody: on disk before the case refers to it.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, PathOf(id));
            return new StoredEvidence(id, contentType, length, sha256);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string evidenceId, CancellationToken cancellationToken)
    {
        if (!EvidenceEncryption.IsValidId(evidenceId))
        {
            return Task.FromResult<Stream?>(null);
        }
        try
        {
            var file = new FileStream(PathOf(evidenceId), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, useAsync: true);
            return Task.FromResult<Stream?>(protector.CreateDecryptingReader(file));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string evidenceId, CancellationToken cancellationToken)
    {
        if (EvidenceEncryption.IsValidId(evidenceId))
        {
            File.Delete(PathOf(evidenceId));
        }
        return Task.CompletedTask;
    }

    private string PathOf(string id) => Path.Combine(Directory, id);

    private static FileStreamOptions WriteOptions()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return options;
    }
}
