using System.Text.RegularExpressions;
using IessBot.Evidence;
using Microsoft.Extensions.Options;

namespace IessBot.DirectLine;

/// <summary>
/// The URLs of uploaded files (reference §4.5): <c>{serviceUrl}v3/directline/conversations/{id}/attachments/{uploadId}</c>.
/// Over HTTP only a caller of that conversation can read one (its token in the header or in <c>t</c>); the bot reads
/// them straight from the evidence store through <see cref="DirectLineAttachmentSource"/>.
/// </summary>
internal static partial class DirectLineAttachments
{
    public static string Url(string serviceUrl, string conversationId, string uploadId) =>
        $"{serviceUrl}v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/attachments/{uploadId}";

    public static bool TryParse(string url, out string conversationId, out string uploadId)
    {
        conversationId = uploadId = "";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || AttachmentPath().Match(uri.AbsolutePath) is not { Success: true } match)
        {
            return false;
        }
        conversationId = Uri.UnescapeDataString(match.Groups["conversation"].Value);
        uploadId = match.Groups["upload"].Value;
        return true;
    }

    public static bool BelongsTo(string url, string conversationId) =>
        TryParse(url, out var owner, out _) && string.Equals(owner, conversationId, StringComparison.Ordinal);

    public static string NewUploadId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public static void MapAttachments(this RouteGroupBuilder group) =>
        group.MapGet("/conversations/{conversationId}/attachments/{uploadId}", GetAsync);

    private static async Task<IResult> GetAsync(
        string conversationId, string uploadId, HttpContext http, DirectLineAuth auth, ConversationLog log, IDirectLineStore store, IEvidenceStore evidence)
    {
        var (_, _, failure) = await DirectLineEndpoints.AccessAsync(conversationId, http.Request, auth, log, tokenInUrl: true);
        if (failure is not null)
        {
            return failure;
        }
        var upload = await store.GetUploadAsync(uploadId, http.RequestAborted);
        if (upload is not { EvidenceId: { } evidenceId } || upload.ConversationId != conversationId
            || await evidence.OpenReadAsync(evidenceId, http.RequestAborted) is not { } content)
        {
            return DirectLineErrors.Error(StatusCodes.Status404NotFound, "NotFound", "The file does not exist, was refused or has expired.");
        }
        // Files citizens sent are served as downloads of a known type only: never rendered as a page of this origin.
        http.Response.Headers.ContentDisposition = "attachment";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.Stream(content, upload.ContentType is "application/pdf" or "image/jpeg" or "image/png" ? upload.ContentType : "application/octet-stream");
    }

    [GeneratedRegex("/v3/directline/conversations/(?<conversation>[^/]+)/attachments/(?<upload>[0-9a-f]{32})$", RegexOptions.CultureInvariant)]
    private static partial Regex AttachmentPath();
}

/// <summary>
/// Opens Direct Line uploads for <see cref="EvidenceIntake"/> directly from the evidence store, checking that the
/// upload belongs to the conversation in the URL. A file that was cut off at the transport limit answers
/// <see cref="EvidenceTooLargeException"/>, so the citizen is told it is too large.
/// </summary>
internal sealed class DirectLineAttachmentSource(IDirectLineStore store, IEvidenceStore evidence, IOptions<EvidenceLimits> limits) : IAttachmentContentSource
{
    public bool CanOpen(string contentUrl) => DirectLineAttachments.TryParse(contentUrl, out _, out _);

    public async Task<Stream> OpenAsync(string contentUrl, CancellationToken cancellationToken)
    {
        if (!DirectLineAttachments.TryParse(contentUrl, out var conversationId, out var uploadId)
            || await store.GetUploadAsync(uploadId, cancellationToken).ConfigureAwait(false) is not { } upload
            || upload.ConversationId != conversationId)
        {
            throw new FileNotFoundException("No such Direct Line upload in this conversation.");
        }
        if (upload.TooLarge)
        {
            throw new EvidenceTooLargeException(DirectLineUploads.TransportLimit(limits.Value));
        }
        return await evidence.OpenReadAsync(upload.EvidenceId!, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException("The uploaded file has expired.");
    }
}
