using System.Net;
using System.Text;
using IessBot.BotFramework.Connector;
using IessBot.Evidence;
using IessBot.Tests.Infrastructure;

namespace IessBot.Tests.BotFramework;

/// <summary>The channel's <see cref="IAttachmentContentSource"/>: data: URIs and Connector-hosted files (reference §3.5).</summary>
public sealed class AttachmentSourceTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n% test evidence\n");

    [Theory]
    [InlineData("data:application/pdf;base64,JVBERi0xLjcKJSB0ZXN0IGV2aWRlbmNlCg==")]
    [InlineData("data:text/plain,%25PDF-1.7%0A%25%20test%20evidence%0A")]
    public async Task Data_uri_is_decoded(string uri)
    {
        await using var host = await BotHosts.StartAsync<EchoBot>();

        await using var stream = await host.Services.GetRequiredService<ConnectorAttachmentSource>().OpenAsync(uri, CancellationToken.None);

        Assert.Equal(Pdf, await ReadAllAsync(stream));
    }

    [Fact]
    public async Task Emulator_attachment_url_is_downloaded_without_a_token_when_auth_is_off()
    {
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await BotHosts.StartAsync<EchoBot>();
        var url = connector.AddAttachment(Pdf, "application/pdf");

        await using var stream = await host.Services.GetRequiredService<ConnectorAttachmentSource>().OpenAsync(url, CancellationToken.None);

        Assert.Equal(Pdf, await ReadAllAsync(stream));
        Assert.Null(Assert.Single(connector.AttachmentAuthorizations));
    }

    [Fact]
    public async Task Token_is_sent_only_to_attachment_urls_under_a_trusted_service_url()
    {
        await using var authority = await BotFrameworkAuthority.StartAsync();
        await using var trusted = await EmulatorConnector.StartAsync();
        await using var stranger = await EmulatorConnector.StartAsync();
        await using var host = await BotHosts.StartAsync<EchoBot>(authority.BotSettings("app-id"));
        var message = trusted.StartConversation().Message("hola");
        using var response = await host.PostActivityAsync(message, BotFrameworkAuthority.Sign(authority.ChannelToken("app-id", message.ServiceUrl!)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var source = host.Services.GetRequiredService<ConnectorAttachmentSource>();

        await using (var fromTrusted = await source.OpenAsync(trusted.AddAttachment(Pdf, "application/pdf"), CancellationToken.None))
        await using (var fromStranger = await source.OpenAsync(stranger.AddAttachment(Pdf, "application/pdf"), CancellationToken.None))
        {
            Assert.Equal(Pdf, await ReadAllAsync(fromTrusted));
            Assert.Equal(Pdf, await ReadAllAsync(fromStranger));
        }

        Assert.Equal("Bearer connector-token-1", Assert.Single(trusted.AttachmentAuthorizations));
        Assert.Null(Assert.Single(stranger.AttachmentAuthorizations));
    }

    [Fact]
    public async Task Missing_attachment_is_an_error_with_its_status()
    {
        await using var connector = await EmulatorConnector.StartAsync();
        await using var host = await BotHosts.StartAsync<EchoBot>();

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            host.Services.GetRequiredService<ConnectorAttachmentSource>().OpenAsync($"{connector.ServiceUrl}/v3/attachments/nope/views/original", CancellationToken.None));

        Assert.Equal(404, error.StatusCode);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.test/a.pdf")]
    [InlineData("blob:http://localhost/123")]
    public async Task Other_schemes_are_refused(string url)
    {
        await using var host = await BotHosts.StartAsync<EchoBot>();

        await Assert.ThrowsAsync<NotSupportedException>(() => host.Services.GetRequiredService<ConnectorAttachmentSource>().OpenAsync(url, CancellationToken.None));
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
