using System.Net;
using System.Security.Cryptography;
using IessBot.Evidence;

namespace IessBot.WhatsApp;

/// <summary>
/// Opens <c>whatsapp-media:&lt;id&gt;[?sha256=…]</c> attachments (reference/whatsapp.md §6.1): the media id is resolved
/// to a short-lived URL, and the file is streamed from it with the bearer token. A 404 on the URL gets one fresh URL.
/// When the webhook gave the file's SHA-256, a mismatch fails the read at its end, so the evidence store discards it.
/// <see cref="EvidenceIntake"/> enforces the size limit and checks the type by the bytes, as for any channel.
/// </summary>
internal sealed class WhatsAppMediaSource(GraphApiClient graph) : IAttachmentContentSource
{
    public bool CanOpen(string contentUrl) => contentUrl.StartsWith(InboundMapper.MediaScheme, StringComparison.Ordinal);

    public async Task<Stream> OpenAsync(string contentUrl, CancellationToken cancellationToken)
    {
        var (mediaId, sha256) = Parse(contentUrl);
        for (var attempt = 1; ; attempt++)
        {
            var info = await graph.GetMediaAsync(mediaId, cancellationToken).ConfigureAwait(false);
            var response = await graph.DownloadAsync(new Uri(info.Url), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound && attempt == 1)
            {
                response.Dispose();
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                response.Dispose();
                throw new GraphApiException(status, null, null, GraphErrorKind.Permanent);
            }
            var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new MediaStream(response, content, sha256 ?? info.Sha256);
        }
    }

    private static (string MediaId, string? Sha256) Parse(string contentUrl)
    {
        var rest = contentUrl[InboundMapper.MediaScheme.Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var id = Uri.UnescapeDataString(query < 0 ? rest : rest[..query]);
        string? sha = null;
        if (query >= 0 && rest[(query + 1)..] is var parameters && parameters.StartsWith("sha256=", StringComparison.Ordinal))
        {
            sha = Uri.UnescapeDataString(parameters["sha256=".Length..]);
        }
        if (id.Length == 0)
        {
            throw new FormatException("A whatsapp-media: URL needs a media id.");
        }
        return (id, sha);
    }

    /// <summary>The download body, hashed as it is read; disposing it disposes the response.</summary>
    private sealed class MediaStream(HttpResponseMessage response, Stream inner, string? expectedSha256) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private bool _ended;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => Check(buffer, inner.Read(buffer));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Check(buffer.Span, read);
        }

        private int Check(ReadOnlySpan<byte> buffer, int read)
        {
            if (read > 0)
            {
                _hash.AppendData(buffer[..read]);
                return read;
            }
            if (!_ended && expectedSha256 is { Length: > 0 } expected)
            {
                _ended = true;
                var actual = _hash.GetHashAndReset();
                // WhatsApp sends base64; hex is accepted too.
                if (Convert.ToBase64String(actual) != expected && !Convert.ToHexString(actual).Equals(expected, StringComparison.OrdinalIgnoreCase))
                {
                    throw new IOException("The downloaded media does not match the SHA-256 WhatsApp announced.");
                }
            }
            return read;
        }

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
                _hash.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
