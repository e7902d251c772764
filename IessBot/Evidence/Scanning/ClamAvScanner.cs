using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace IessBot.Evidence.Scanning;

/// <summary>
/// clamd over TCP with <c>zINSTREAM</c> (clamd(8)): the file goes in chunks, each prefixed by its length as a
/// big-endian uint32, then a zero-length chunk; the answer is <c>stream: OK</c> or <c>stream: &lt;name&gt; FOUND</c>,
/// NUL-terminated. One connection per file; never more than <see cref="ClamAvOptions.MaxStreamBytes"/> is sent.
/// </summary>
public sealed class ClamAvScanner(IOptions<ClamAvOptions> options) : IMalwareScanner
{
    private readonly ClamAvOptions _options = options.Value;

    public string Description => $"ClamAV at {_options.Host}:{_options.Port}";

    public async Task<IMalwareScan> StartAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.Timeout);
                await client.ConnectAsync(_options.Host, _options.Port, timeout.Token).ConfigureAwait(false);
            }
            var stream = client.GetStream();
            await stream.WriteAsync("zINSTREAM\0"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            return new ClamAvScan(client, stream, _options);
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new MalwareScanException("clamd could not be reached.", exception);
        }
    }

    /// <summary>Sends a command (e.g. <c>zPING</c>) and returns the answer; for the start-up check and tests.</summary>
    public async Task<string> CommandAsync(string command, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        await client.ConnectAsync(_options.Host, _options.Port, timeout.Token).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("z" + command + "\0"), timeout.Token).ConfigureAwait(false);
        return await ClamAvScan.ReadReplyAsync(stream, timeout.Token).ConfigureAwait(false);
    }

    private sealed class ClamAvScan(TcpClient client, NetworkStream stream, ClamAvOptions options) : IMalwareScan
    {
        private const int MaxReplyBytes = 1024;
        private readonly byte[] _lengthPrefix = new byte[4];
        private long _sent;

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            if (_sent + bytes.Length > options.MaxStreamBytes)
            {
                throw new MalwareScanException("The file is larger than clamd accepts (Evidence:ClamAV:MaxStreamBytes).");
            }
            try
            {
                for (var at = 0; at < bytes.Length; at += options.ChunkBytes)
                {
                    var chunk = bytes.Slice(at, Math.Min(options.ChunkBytes, bytes.Length - at));
                    BinaryPrimitives.WriteUInt32BigEndian(_lengthPrefix, (uint)chunk.Length);
                    await stream.WriteAsync(_lengthPrefix, cancellationToken).ConfigureAwait(false);
                    await stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                }
                _sent += bytes.Length;
            }
            catch (IOException exception)
            {
                // clamd closes the connection when its own limit is passed, or when it stops.
                throw new MalwareScanException("clamd stopped reading the file.", exception);
            }
        }

        public async Task<MalwareVerdict> CompleteAsync(CancellationToken cancellationToken)
        {
            string reply;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Timeout);
                await stream.WriteAsync(new byte[4], timeout.Token).ConfigureAwait(false);
                reply = await ReadReplyAsync(stream, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new MalwareScanException("clamd gave no verdict.", exception);
            }
            return Parse(reply);
        }

        internal static MalwareVerdict Parse(string reply)
        {
            // "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
            var text = reply.StartsWith("stream: ", StringComparison.Ordinal) ? reply["stream: ".Length..] : reply;
            if (text == "OK")
            {
                return MalwareVerdict.Clean;
            }
            if (text.EndsWith(" FOUND", StringComparison.Ordinal))
            {
                return new MalwareVerdict(true, text[..^" FOUND".Length]);
            }
            throw new MalwareScanException($"clamd answered with an error: {text}");
        }

        internal static async Task<string> ReadReplyAsync(NetworkStream stream, CancellationToken cancellationToken)
        {
            var reply = new byte[MaxReplyBytes];
            var length = 0;
            while (length < reply.Length)
            {
                var read = await stream.ReadAsync(reply.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (Array.IndexOf(reply, (byte)0, length - read, read) is var end and >= 0)
                {
                    return Encoding.ASCII.GetString(reply, 0, end).Trim();
                }
            }
            return Encoding.ASCII.GetString(reply, 0, length).Trim();
        }

        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
