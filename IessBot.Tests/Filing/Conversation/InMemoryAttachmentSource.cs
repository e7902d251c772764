using System.Collections.Concurrent;
using IessBot.Evidence;

namespace IessBot.Tests.Filing.Conversation;

/// <summary>
/// Serves attachment bytes the way a channel would: <c>data:</c> URLs, or <c>memory://</c> URLs registered with
/// <see cref="Add"/> (for files too large to put in an activity comfortably).
/// </summary>
internal sealed class InMemoryAttachmentSource : IAttachmentContentSource
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new();

    public string Add(byte[] content)
    {
        var url = $"memory://{Guid.NewGuid():N}";
        _files[url] = content;
        return url;
    }

    public bool CanOpen(string contentUrl) => true;

    public Task<Stream> OpenAsync(string contentUrl, CancellationToken cancellationToken)
    {
        if (_files.TryGetValue(contentUrl, out var bytes))
        {
            return Task.FromResult<Stream>(new MemoryStream(bytes, writable: false));
        }
        if (contentUrl.StartsWith("data:", StringComparison.Ordinal) && contentUrl.IndexOf(";base64,", StringComparison.Ordinal) is var marker and > 0)
        {
            return Task.FromResult<Stream>(new MemoryStream(Convert.FromBase64String(contentUrl[(marker + 8)..]), writable: false));
        }
        throw new HttpRequestException("The attachment is not available.");
    }
}
