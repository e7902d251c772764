using System.Globalization;
using System.Text;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Evidence.Sanitizing;
using IessBot.Evidence.Scanning;
using Microsoft.Extensions.Options;

namespace IessBot.Evidence;

/// <summary>
/// Takes one attachment from the citizen into evidence storage: opens it through the channel, decides its real
/// type from its first bytes, and streams it through the size limit of the case type, the malware scanner and
/// the format's sanitiser (<see cref="EvidencePipeline"/>) into the store, in one pass and without holding the
/// file in memory. The hash recorded is of the stored, sanitised bytes. Nothing about the file (name, address,
/// content) is logged.
/// </summary>
public sealed partial class EvidenceIntake(
    AttachmentContent contentSource,
    IEvidenceStore store,
    IMalwareScanner scanner,
    IOptions<EvidenceLimits> limits,
    ILogger<EvidenceIntake> logger)
{
    private const int MaxNameLength = 120;

    public async Task<EvidenceIntakeResult> AcceptAsync(Attachment attachment, CaseType type, CancellationToken cancellationToken)
    {
        var maxBytes = limits.Value.MaxFileBytes(type);
        if (string.IsNullOrWhiteSpace(attachment.ContentUrl))
        {
            return Refuse(EvidenceRejectionReason.Unreadable, maxBytes);
        }

        Stream content;
        try
        {
            content = await contentSource.OpenAsync(attachment.ContentUrl, cancellationToken).ConfigureAwait(false);
        }
        catch (EvidenceTooLargeException)
        {
            // A channel that already cut the file off at its transport limit (Direct Line uploads) says so when asked to open it.
            return Refuse(EvidenceRejectionReason.TooLarge, maxBytes);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnreadable(exception.GetType().Name);
            return Refuse(EvidenceRejectionReason.Unreadable, maxBytes);
        }

        await using (content.ConfigureAwait(false))
        {
            var header = new byte[EvidenceFileType.HeaderLength];
            var headerLength = await ReadHeaderAsync(content, header, cancellationToken).ConfigureAwait(false);
            if (headerLength <= 0)
            {
                return Refuse(headerLength == 0 ? EvidenceRejectionReason.Empty : EvidenceRejectionReason.Unreadable, maxBytes);
            }
            var fileType = EvidenceFileType.Detect(header.AsSpan(0, headerLength));
            if (!fileType.IsAccepted)
            {
                return Refuse(EvidenceRejectionReason.UnsupportedType, maxBytes);
            }
            var rest = new AttachmentStream(header.AsMemory(0, headerLength), content);
            return await StoreAsync(rest, fileType, attachment.Name, maxBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first bytes, for type detection; -1 when the channel fails.</summary>
    private async Task<int> ReadHeaderAsync(Stream content, byte[] header, CancellationToken cancellationToken)
    {
        try
        {
            return await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnreadable(exception.GetType().Name);
            return -1;
        }
    }

    private async Task<EvidenceIntakeResult> StoreAsync(Stream content, EvidenceFileType fileType, string? name, long maxBytes, CancellationToken cancellationToken)
    {
        StoredEvidence stored;
        try
        {
            await using var scan = await scanner.StartAsync(cancellationToken).ConfigureAwait(false);
            var received = new ScanningStream(new InputLimitStream(content, maxBytes), scan);
            await using var pipeline = EvidencePipeline.Start(received, fileType, cancellationToken);
            stored = await store.SaveAsync(pipeline.Output, fileType.ContentType, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (EvidenceTooLargeException)
        {
            return Refuse(EvidenceRejectionReason.TooLarge, maxBytes);
        }
        catch (EvidenceRefusedException refused)
        {
            LogRefusedFor(refused.Reason, refused.Detail);
            return EvidenceIntakeResult.Rejected(refused.Reason, maxBytes);
        }
        catch (MalwareScanException exception)
        {
            LogScannerFailed(exception.InnerException?.GetType().Name ?? exception.Message);
            return Refuse(EvidenceRejectionReason.ScanUnavailable, maxBytes);
        }
        catch (AttachmentReadException exception)
        {
            LogUnreadable(exception.InnerException?.GetType().Name ?? nameof(AttachmentReadException));
            return Refuse(EvidenceRejectionReason.Unreadable, maxBytes);
        }
        LogAccepted(fileType.Name, stored.Length);
        var reference = new EvidenceReference(stored.EvidenceId, stored.ContentType, stored.Length, stored.Sha256, SanitizeName(name, fileType));
        return EvidenceIntakeResult.Accepted(reference, maxBytes);
    }

    private EvidenceIntakeResult Refuse(EvidenceRejectionReason reason, long maxBytes)
    {
        LogRefused(reason, maxBytes);
        return EvidenceIntakeResult.Rejected(reason, maxBytes);
    }

    /// <summary>
    /// The name the citizen gave the file, safe to show and store: last path segment only, no control or
    /// formatting characters (e.g. right-to-left overrides that disguise an extension), at most 120 characters.
    /// </summary>
    internal static string SanitizeName(string? name, EvidenceFileType fileType)
    {
        name ??= "";
        var lastSegment = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        var clean = new StringBuilder(lastSegment.Length);
        foreach (var rune in lastSegment.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
            {
                clean.Append(Rune.IsWhiteSpace(rune) ? " " : rune.ToString());
            }
        }
        var result = clean.ToString().Trim().Trim('.').Trim();
        if (result.Length == 0)
        {
            return "evidencia" + fileType.Extension;
        }
        // A name without a usable extension gets the real type's, so the file opens when staff download it.
        var given = Path.GetExtension(result);
        var (stem, extension) = given.Length is > 1 and <= 10 ? (result[..^given.Length], given) : (result, fileType.Extension);
        return Truncate(stem, MaxNameLength - extension.Length) + extension;
    }

    private static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }
        // Never split a surrogate pair.
        var length = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..length].TrimEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evidence accepted: {FileType}, {Length} bytes")]
    private partial void LogAccepted(string fileType, long length);

    [LoggerMessage(Level = LogLevel.Information, Message = "Evidence refused: {Reason} (limit {MaxBytes} bytes)")]
    private partial void LogRefused(EvidenceRejectionReason reason, long maxBytes);

    // Detail is what was found (a PDF name such as /JavaScript, a malware signature, a structural fault), never file content.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence refused: {Reason} ({Detail})")]
    private partial void LogRefusedFor(EvidenceRejectionReason reason, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "The malware scanner gave no verdict ({Cause}); the file was refused")]
    private partial void LogScannerFailed(string cause);

    // Only the exception type: messages of HTTP and IO errors can quote the attachment's address.
    [LoggerMessage(Level = LogLevel.Warning, Message = "An attachment could not be read from its channel ({ExceptionType})")]
    private partial void LogUnreadable(string exceptionType);
}
