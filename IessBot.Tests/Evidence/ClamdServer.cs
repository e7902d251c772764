using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IessBot.Evidence.Scanning;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.Evidence;

/// <summary>
/// A real clamd (Debian package clamav-daemon, installed by .ci/run) on a free loopback port, with the project's
/// own two-signature test database (EICAR by MD5 and by body; reference/components.md §4) in a temporary folder,
/// stopped by its PID. Freshclam is never run. When clamd is not installed the fixture fails, so the tests fail.
/// </summary>
public sealed class ClamdServer : IAsyncLifetime
{
    /// <summary>The EICAR test file (68 bytes): every antivirus reports it, it does nothing.</summary>
    public static readonly byte[] Eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"u8.ToArray();

    private readonly string _directory = Directory.CreateTempSubdirectory("iessbot-clamd-").FullName;
    private readonly System.Text.StringBuilder _output = new();
    private Process? _process;

    public int Port { get; private set; }

    public ClamAvScanner Scanner(long maxStreamBytes = 25L * 1024 * 1024) => new(Options.Create(Settings(maxStreamBytes)));

    public ClamAvOptions Settings(long maxStreamBytes = 25L * 1024 * 1024) =>
        new() { Host = "127.0.0.1", Port = Port, MaxStreamBytes = maxStreamBytes, Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync()
    {
        var clamd = new[] { "/usr/sbin/clamd", "/usr/bin/clamd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("clamd is not installed: apt-get install -y --no-install-recommends clamav-daemon (.ci/run does this).");
        var database = Directory.CreateDirectory(Path.Combine(_directory, "db")).FullName;
        await File.WriteAllTextAsync(Path.Combine(database, "lab.hdb"), "44d88612fea8a8f36de82e1278abb02f:68:Lab.EICAR.Test.HDB:73\n");
        await File.WriteAllTextAsync(Path.Combine(database, "lab.ndb"),
            "Lab.EICAR.Test.NDB:0:*:45494341522d5354414e444152442d414e544956495255532d544553542d46494c45\n");
        Port = FreePort();
        var config = Path.Combine(_directory, "clamd.conf");
        await File.WriteAllLinesAsync(config,
        [
            $"DatabaseDirectory {database}",
            $"TCPSocket {Port}",
            "TCPAddr 127.0.0.1",
            "Foreground yes",
            $"LogFile {Path.Combine(_directory, "clamd.log")}",
            $"PidFile {Path.Combine(_directory, "clamd.pid")}",
            "StreamMaxLength 30M",
            "MaxFileSize 30M",
            "MaxScanSize 100M",
        ]);
        _process = Process.Start(new ProcessStartInfo(clamd, $"--config-file={config}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("clamd did not start.");
        // Read its console so a full pipe never blocks it.
        _process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private async Task WaitUntilReadyAsync()
    {
        var scanner = Scanner();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process!.HasExited)
            {
                var log = File.Exists(Path.Combine(_directory, "clamd.log")) ? await File.ReadAllTextAsync(Path.Combine(_directory, "clamd.log")) : "";
                lock (_output)
                {
                    throw new InvalidOperationException($"clamd exited with {_process.ExitCode}: {_output} {log}");
                }
            }
            try
            {
                if (await scanner.CommandAsync("PING", CancellationToken.None) == "PONG")
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is SocketException or IOException && DateTime.UtcNow < deadline)
            {
            }
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class ClamdCollection : ICollectionFixture<ClamdServer>
{
    public const string Name = "clamd";
}
