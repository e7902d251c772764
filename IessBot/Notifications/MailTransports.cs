using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IessBot.Notifications;

/// <summary>Where e-mails go: an SMTP server, or a folder of .eml files when none is configured.</summary>
public interface IMailTransport
{
    string Description { get; }

    /// <exception cref="DeliveryException">The message was not delivered; <see cref="DeliveryException.IsPermanent"/> says whether to retry.</exception>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>MailKit's SMTP client, one connection per message (confirmation e-mails are few and far between).</summary>
public sealed class SmtpMailTransport(IOptions<NotificationOptions> options) : IMailTransport
{
    private readonly SmtpOptions _smtp = options.Value.Smtp;

    public string Description => $"SMTP {_smtp.Host}:{_smtp.Port} ({_smtp.Security})";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)_smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_smtp.Host, _smtp.Port, Security(_smtp.Security), cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_smtp.UserName))
            {
                await client.AuthenticateAsync(_smtp.UserName, _smtp.Password, cancellationToken).ConfigureAwait(false);
            }
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SmtpCommandException exception)
        {
            var code = (int)exception.StatusCode;
            throw new DeliveryException($"SMTP {code} ({exception.ErrorCode})", isPermanent: code >= 500, exception);
        }
        catch (Exception exception) when (exception is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException
            or AuthenticationException or SslHandshakeException or TimeoutException
            || exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryException($"SMTP connection failed ({exception.GetType().Name})", isPermanent: false, exception);
        }
    }

    private static SecureSocketOptions Security(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}

/// <summary>
/// The one-command default: each e-mail becomes <c>&lt;DataDirectory&gt;/mail/&lt;Message-Id&gt;.eml</c>, readable by
/// the owner only. Named by Message-Id, so delivering the same message again rewrites the same file.
/// </summary>
public sealed class PickupDirectoryMailTransport(string directory) : IMailTransport
{
    public const string FolderName = "mail";

    public string Directory { get; } = System.IO.Directory.CreateDirectory(directory).FullName;

    public string Description => $".eml files in {Directory}";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'));
        var path = Path.Combine(Directory, name + ".eml");
        var temporary = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using (var file = new FileStream(temporary, fileOptions))
        {
            await message.WriteToAsync(file, cancellationToken).ConfigureAwait(false);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
