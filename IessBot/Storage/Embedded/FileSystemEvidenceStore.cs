using System.Buffers;
using System.Security.Cryptography;
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
    private const int CopyBufferSize = 81920;

    public string Directory { get; } = System.IO.Directory.CreateDirectory(evidenceDirectory).FullName;

    public async Task<StoredEvidence> SaveAsync(Stream content, string contentType, long maxBytes, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var temporary = Path.Combine(Directory, id + TemporarySuffix);
        try
        {
            long length;
            string sha256;
            await using (var file = new FileStream(temporary, WriteOptions()))
            {
                (length, sha256) = await CopyEncryptedAsync(content, file, maxBytes, cancellationToken).ConfigureAwait(false);
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
        if (!IsValidId(evidenceId))
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
        if (IsValidId(evidenceId))
        {
            File.Delete(PathOf(evidenceId));
        }
        return Task.CompletedTask;
    }

    private async Task<(long Length, string Sha256)> CopyEncryptedAsync(Stream content, Stream file, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        await using var writer = protector.CreateEncryptingWriter(file);
        try
        {
            long total = 0;
            while (true)
            {
                // Never ask for more than one byte past the limit: an oversize upload is not read further.
                var wanted = (int)Math.Min(buffer.Length, maxBytes - total + 1);
                var read = await content.ReadAsync(buffer.AsMemory(0, wanted), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                total += read;
                if (total > maxBytes)
                {
                    throw new EvidenceTooLargeException(maxBytes);
                }
                hash.AppendData(buffer, 0, read);
                await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private string PathOf(string id) => Path.Combine(Directory, id);

    private static bool IsValidId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

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
