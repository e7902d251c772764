using IessBot.Evidence;

namespace IessBot.Tests.Evidence;

/// <summary>Attachment content held by the test, by URL, as a channel would serve it.</summary>
internal sealed class MemoryContentSource : IAttachmentContentSource
{
    private readonly Dictionary<string, Func<Stream>> _contents = new(StringComparer.Ordinal);

    public string Add(Func<Stream> open)
    {
        var url = $"https://attachments.test/{_contents.Count}";
        _contents[url] = open;
        return url;
    }

    public string Add(byte[] content) => Add(() => new MemoryStream(content, writable: false));

    public bool CanOpen(string contentUrl) => true;

    public Task<Stream> OpenAsync(string contentUrl, CancellationToken cancellationToken) =>
        _contents.TryGetValue(contentUrl, out var open)
            ? Task.FromResult(open())
            : throw new HttpRequestException("404 Not Found");
}
