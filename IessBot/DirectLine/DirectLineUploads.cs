using System.Buffers;
using IessBot.BotFramework;
using IessBot.BotFramework.Schema;
using IessBot.Evidence;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace IessBot.DirectLine;

/// <summary>One file of an upload: where it went, or that it was over the transport limit and cut off.</summary>
internal sealed record UploadedFile(string UploadId, string ContentType, string? Name, bool TooLarge);

/// <summary>
/// <c>POST /conversations/{id}/upload?userId=</c> (reference §4.5): the multipart form DirectLineJS sends (an
/// <c>activity</c> part and one part per file), or a single raw file. Each file is streamed into the evidence store as
/// it arrives, never held whole; past the transport limit (the largest filing limit, a denuncia's 20 MB) the file is
/// cut off: nothing of it is kept, and the bot receives it as an attachment it cannot open because it is too large,
/// so the citizen is told so. The filing step then applies its own limit (1 MB for a queja) when it takes the file.
/// </summary>
internal static partial class DirectLineUploads
{
    public static long TransportLimit(EvidenceLimits limits) => Math.Max(limits.MaxQuejaFileBytes, limits.MaxDenunciaFileBytes);

    public static void MapUploads(this RouteGroupBuilder group) =>
        group.MapPost("/conversations/{conversationId}/upload", UploadAsync);

    private static async Task<IResult> UploadAsync(
        string conversationId, HttpContext http, DirectLineAuth auth, ConversationLog log, IDirectLineStore store, IEvidenceStore evidence,
        DirectLineChannel channel, IOptions<DirectLineOptions> options, IOptions<EvidenceLimits> limits, ILogger<UploadLog> logger)
    {
        var (caller, conversation, failure) = await DirectLineEndpoints.AccessAsync(conversationId, http.Request, auth, log);
        if (failure is not null)
        {
            return failure;
        }
        var settings = new UploadSettings(TransportLimit(limits.Value), options.Value.MaxFilesPerUpload, options.Value.MaxActivityBytes);
        if (!LimitBody(http, settings.MaxBodyBytes))
        {
            return DirectLineErrors.TooLarge($"An upload may carry at most {options.Value.MaxFilesPerUpload} files of {settings.MaxFileBytes} bytes.");
        }

        var reader = new UploadReader(conversationId, store, evidence, settings, http.RequestAborted);
        IResult? rejected;
        try
        {
            rejected = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                ? await reader.ReadMultipartAsync(http.Request.Body, HeaderUtilities.RemoveQuotes(type.Boundary).ToString())
                : await reader.ReadSingleFileAsync(http.Request);
        }
        catch (Exception exception) when (exception is BadHttpRequestException or InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            LogUploadRefused(logger, exception.GetType().Name);
            rejected = exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException
                ? DirectLineErrors.TooLarge($"The upload is larger than allowed: at most {settings.MaxFilesPerUpload} files of {settings.MaxFileBytes} bytes.")
                : DirectLineErrors.Error(StatusCodes.Status400BadRequest, "BadSyntax", "The upload is not a well-formed multipart/form-data body.");
        }
        if (rejected is not null)
        {
            await reader.DiscardAsync();
            return rejected;
        }

        LogUploaded(logger, reader.Files.Count, reader.Files.Count(f => f.TooLarge));
        var userId = caller!.UserId ?? conversation!.UserId ?? NonEmpty(http.Request.Query["userId"]) ?? NonEmpty(reader.Activity?.From?.Id);
        var activity = WithFiles(reader.Activity ?? new Activity { Type = ActivityTypes.Message }, reader.Files, DirectLineEndpoints.ServiceUrl(http.Request), conversationId);
        return await DirectLineEndpoints.PostAsync(channel, conversationId, userId, activity, http.Request);
    }

    /// <summary>Kestrel stops the body at every file at the limit plus the activity; false when the declared length is already over.</summary>
    private static bool LimitBody(HttpContext http, long maxBytes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }
        return http.Request.ContentLength is not > 0 || http.Request.ContentLength <= maxBytes;
    }

    /// <summary>The declared attachments, in order, each with the URL of its file (reference §4.5); files without a declaration are added.</summary>
    private static Activity WithFiles(Activity activity, IReadOnlyList<UploadedFile> files, string serviceUrl, string conversationId)
    {
        var declared = activity.Attachments ?? [];
        var attachments = files.Select((file, index) =>
        {
            var attachment = index < declared.Count ? declared[index] : new Attachment();
            return attachment with
            {
                ContentType = attachment.ContentType ?? file.ContentType,
                Name = attachment.Name ?? file.Name,
                ContentUrl = DirectLineAttachments.Url(serviceUrl, conversationId, file.UploadId),
                Content = null,
            };
        }).ToList();
        return activity with { Type = activity.Type ?? ActivityTypes.Message, Attachments = attachments };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct Line upload received: {FileCount} files, {TooLargeCount} over the limit")]
    private static partial void LogUploaded(ILogger logger, int fileCount, int tooLargeCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct Line upload refused ({Reason})")]
    private static partial void LogUploadRefused(ILogger logger, string reason);

    /// <summary>The log category of uploads.</summary>
    internal sealed class UploadLog;
}

internal sealed record UploadSettings(long MaxFileBytes, int MaxFilesPerUpload, int MaxActivityBytes)
{
    /// <summary>Room for every file at the limit, the activity, and the multipart framing.</summary>
    public long MaxBodyBytes => (MaxFileBytes * MaxFilesPerUpload) + MaxActivityBytes + (64 * 1024);
}

/// <summary>Reads one upload body part by part, storing files as they stream in.</summary>
internal sealed class UploadReader(string conversationId, IDirectLineStore store, IEvidenceStore evidence, UploadSettings settings, CancellationToken cancellationToken)
{
    private const string ActivityContentType = "application/vnd.microsoft.activity";
    private readonly List<UploadedFile> _files = [];
    private readonly List<string> _stored = [];

    public Activity? Activity { get; private set; }
    public IReadOnlyList<UploadedFile> Files => _files;

    public async Task<IResult?> ReadMultipartAsync(Stream body, string boundary)
    {
        if (string.IsNullOrEmpty(boundary))
        {
            return DirectLineErrors.BadArgument("The multipart/form-data body has no boundary.");
        }
        // No limit per part: the rest of a part cut off at the file limit is read past in small buffers, so the browser
        // gets its answer; the whole body stays within MaxBodyBytes (Kestrel answers 413 beyond it).
        var reader = new MultipartReader(boundary, body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = null };
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition);
            var name = HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).ToString();
            var fileName = HeaderUtilities.RemoveQuotes(disposition?.FileNameStar.HasValue == true ? disposition.FileNameStar : disposition?.FileName ?? default).ToString();
            if (name == "activity" || string.Equals(section.ContentType, ActivityContentType, StringComparison.OrdinalIgnoreCase))
            {
                if (await ReadActivityAsync(section.Body) is { } invalid)
                {
                    return invalid;
                }
            }
            else if (await StoreFileAsync(section.Body, section.ContentType, NonEmpty(fileName)) is { } refused)
            {
                return refused;
            }
        }
        return null;
    }

    public async Task<IResult?> ReadSingleFileAsync(HttpRequest request)
    {
        ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition);
        var fileName = HeaderUtilities.RemoveQuotes(disposition?.FileName ?? default).ToString();
        return await StoreFileAsync(request.Body, request.ContentType, NonEmpty(fileName));
    }

    /// <summary>Removes what this upload stored, when the upload as a whole is refused.</summary>
    public async Task DiscardAsync()
    {
        foreach (var evidenceId in _stored)
        {
            await evidence.DeleteAsync(evidenceId, CancellationToken.None);
        }
    }

    private async Task<IResult?> ReadActivityAsync(Stream body)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        int read;
        while ((read = await body.ReadAsync(buffer.GetMemory(8192), cancellationToken)) > 0)
        {
            buffer.Advance(read);
            if (buffer.WrittenCount > settings.MaxActivityBytes)
            {
                return DirectLineErrors.TooLarge($"The activity part is larger than {settings.MaxActivityBytes} bytes.");
            }
        }
        var (activity, rejection) = ActivityReader.Parse(buffer.WrittenMemory);
        Activity = activity;
        return rejection?.ToResult();
    }

    private async Task<IResult?> StoreFileAsync(Stream content, string? contentType, string? name)
    {
        if (_files.Count >= settings.MaxFilesPerUpload)
        {
            return DirectLineErrors.BadArgument($"An upload may carry at most {settings.MaxFilesPerUpload} files.");
        }
        var type = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType.Split(';')[0].Trim().ToLowerInvariant();
        var uploadId = DirectLineAttachments.NewUploadId();
        DirectLineUpload upload;
        try
        {
            var saved = await evidence.SaveAsync(content, type, settings.MaxFileBytes, cancellationToken);
            _stored.Add(saved.EvidenceId);
            upload = new DirectLineUpload(uploadId, conversationId, saved.EvidenceId, type, saved.Length, TooLarge: false);
        }
        catch (EvidenceTooLargeException)
        {
            // Cut off: the store kept nothing; the rest of this part is read past, not held.
            upload = new DirectLineUpload(uploadId, conversationId, EvidenceId: null, type, settings.MaxFileBytes + 1, TooLarge: true);
        }
        await store.SaveUploadAsync(upload, cancellationToken);
        _files.Add(new UploadedFile(uploadId, type, name, upload.TooLarge));
        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
