using IessBot.Evidence;

namespace IessBot.Tests.Evidence;

public class AttachmentContentTests
{
    [Fact]
    public async Task The_last_registered_source_that_can_open_the_url_is_used()
    {
        var services = new ServiceCollection()
            .AddSingleton<IAttachmentContentSource>(new NamedSource("generic", _ => true))
            .AddSingleton<IAttachmentContentSource>(new NamedSource("directline", url => url.Contains("/v3/directline/", StringComparison.Ordinal)))
            .BuildServiceProvider();
        var content = new AttachmentContent(services);

        Assert.Equal("directline", await ReadAsync(content, "http://127.0.0.1/v3/directline/attachments/1"));
        Assert.Equal("generic", await ReadAsync(content, "https://example.org/file.pdf"));
    }

    [Fact]
    public async Task A_url_no_source_can_open_is_refused()
    {
        var services = new ServiceCollection().AddSingleton<IAttachmentContentSource>(new NamedSource("none", _ => false)).BuildServiceProvider();

        await Assert.ThrowsAsync<NotSupportedException>(() => new AttachmentContent(services).OpenAsync("file:///etc/passwd", default));
    }

    private static async Task<string> ReadAsync(AttachmentContent content, string url)
    {
        using var reader = new StreamReader(await content.OpenAsync(url, default));
        return await reader.ReadToEndAsync();
    }

    private sealed class NamedSource(string name, Func<string, bool> canOpen) : IAttachmentContentSource
    {
        public bool CanOpen(string contentUrl) => canOpen(contentUrl);

        public Task<Stream> OpenAsync(string contentUrl, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(name)));
    }
}
