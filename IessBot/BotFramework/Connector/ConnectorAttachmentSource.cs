using System.Net.Http.Headers;
using IessBot.Evidence;
using Microsoft.Extensions.Options;

namespace IessBot.BotFramework.Connector;

/// <summary>
/// Opens an attachment's <c>contentUrl</c> as a stream: <c>data:</c> URIs are decoded in place, http(s)
/// URLs fetched. The Connector token is added only for URLs under a serviceUrl that arrived on an
/// authenticated activity (reference §3.5, §5.3).
/// </summary>
public sealed class ConnectorAttachmentSource(
    HttpClient http,
    ConnectorTokenProvider tokens,
    TrustedServiceUrls trusted,
    IOptions<BotCredentials> credentials) : IAttachmentContentSource
{
    /// <summary>Any data: or http(s) URL: this is the generic source other channels' specific sources take precedence over.</summary>
    public bool CanOpen(string contentUrl) =>
        contentUrl.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
        || (Uri.TryCreate(contentUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");

    public async Task<Stream> OpenAsync(string contentUrl, CancellationToken cancellationToken)
    {
        if (contentUrl.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return DataUri.Open(contentUrl);
        }
        if (!Uri.TryCreate(contentUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new NotSupportedException("Only http(s) and data: attachment URLs can be opened.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (credentials.Value.Mode != BotAuthMode.Disabled && trusted.Covers(uri))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(null, cancellationToken).ConfigureAwait(false));
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new ConnectorException(status, "AttachmentUnavailable", $"The attachment URL answered {status}.");
        }
        return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The body stream of a response that is disposed with it.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.Content.Headers.ContentLength ?? throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

/// <summary>RFC 2397 <c>data:</c> URIs (the Emulator inlines attachments this way, reference §3.5).</summary>
internal static class DataUri
{
    public static Stream Open(string uri)
    {
        var comma = uri.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            throw new FormatException("A data: URI needs a comma before its data.");
        }
        var header = uri.AsSpan(5, comma - 5);
        var data = uri[(comma + 1)..];
        var bytes = header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase)
            ? Convert.FromBase64String(Uri.UnescapeDataString(data))
            : System.Text.Encoding.UTF8.GetBytes(Uri.UnescapeDataString(data));
        return new MemoryStream(bytes, writable: false);
    }
}
