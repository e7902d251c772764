using System.Net;
using System.Net.Sockets;
using MimeKit;
using netDumbster.smtp;

namespace IessBot.Tests.Notifications;

/// <summary>A real SMTP server in the test process (netDumbster), on a loopback port chosen up front so it can be "down" and come back on the same port.</summary>
internal sealed class MailServer : IDisposable
{
    private SimpleSmtpServer? _server;

    public MailServer(int? port = null, bool start = true)
    {
        Port = port ?? FreePort();
        if (start)
        {
            Start();
        }
    }

    public int Port { get; }

    public void Start() =>
        _server = Configuration.Configure().WithAddress(IPAddress.Loopback).WithPort(Port).Build();

    public IReadOnlyList<MimeMessage> Received =>
        _server is null ? [] : [.. _server.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))];

    public int Count => _server?.ReceivedEmailCount ?? 0;

    /// <summary>Settings that point the app at this server (plain SMTP on loopback) with short test timings.</summary>
    public Dictionary<string, string?> Settings(int maxAttempts = 10) => new()
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Smtp:Security"] = "None",
        ["Notifications:Smtp:Timeout"] = "00:00:03",
        ["Notifications:Lease"] = "00:00:04",
        ["Notifications:PollInterval"] = "00:00:00.100",
        ["Notifications:RetryInitialDelay"] = "00:00:00.100",
        ["Notifications:RetryMaxDelay"] = "00:00:00.400",
        ["Notifications:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        return Count >= count;
    }

    public void Stop()
    {
        _server?.Stop();
        _server?.Dispose();
        _server = null;
    }

    public void Dispose() => Stop();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
