using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace IessBot.Staff;

/// <summary>
/// Checks a local user name and password (issue 7): PasswordHasher verification, lock-out after
/// <see cref="StaffAuthenticationOptions.MaxFailedAttempts"/> failures in a row for
/// <see cref="StaffAuthenticationOptions.LockoutDuration"/>, and an audit entry for every success and failure.
/// The caller learns only success or failure, never which part was wrong or that an account is locked.
/// </summary>
public sealed partial class LocalSignIn(
    IStaffAccountStore accounts,
    IAuditTrail audit,
    IOptions<StaffAuthenticationOptions> options,
    TimeProvider time,
    ILogger<LocalSignIn> logger)
{
    /// <summary>The actor id of failures for names that are not accounts (a mistyped password may sit in the name field, so it is not stored).</summary>
    public const string UnknownActor = "desconocido";

    private static readonly PasswordHasher<StaffAccount> Hasher = new();
    private static readonly Lazy<string> DecoyHash = new(() => Hasher.HashPassword(null!, Guid.NewGuid().ToString()));

    // One check at a time, so failures racing each other are all counted toward the lock-out.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public static string HashPassword(StaffAccount account, string password) => Hasher.HashPassword(account, password);

    /// <summary>The account when the name and password match and it is not locked; null otherwise.</summary>
    public async Task<StaffAccount?> CheckAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var account = StaffAccounts.IsValidUserName(userName)
                ? await accounts.FindAsync(userName, cancellationToken).ConfigureAwait(false)
                : null;
            if (account is null)
            {
                // Same work as for a real account, so timing does not tell which names exist.
                Hasher.VerifyHashedPassword(null!, DecoyHash.Value, password);
                await RecordAsync(UnknownActor, AuditActions.SignInFailed, null, cancellationToken).ConfigureAwait(false);
                return null;
            }
            return await CheckAccountAsync(account, password, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<StaffAccount?> CheckAccountAsync(StaffAccount account, string password, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var verification = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (account.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            await RecordAsync(account.UserName, AuditActions.SignInFailed, "bloqueada", cancellationToken).ConfigureAwait(false);
            return null;
        }
        if (verification == PasswordVerificationResult.Failed || account.Roles.Count == 0)
        {
            var failures = account.FailedAttempts + 1;
            var locks = failures >= options.Value.MaxFailedAttempts;
            await accounts.SaveAsync(account with
            {
                FailedAttempts = locks ? 0 : failures,
                LockedUntil = locks ? now + options.Value.LockoutDuration : null,
            }, cancellationToken).ConfigureAwait(false);
            if (locks)
            {
                LogLockedOut(options.Value.LockoutDuration);
            }
            await RecordAsync(account.UserName, AuditActions.SignInFailed, locks ? "bloqueo" : null, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var signedIn = account with
        {
            FailedAttempts = 0,
            LockedUntil = null,
            PasswordHash = verification == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(account, password) : account.PasswordHash,
        };
        if (signedIn != account)
        {
            await accounts.SaveAsync(signedIn, cancellationToken).ConfigureAwait(false);
        }
        await RecordAsync(account.UserName, AuditActions.SignIn, null, cancellationToken).ConfigureAwait(false);
        return signedIn;
    }

    private Task RecordAsync(string actorId, string action, string? detail, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(time.GetUtcNow(), actorId, action, null, detail), cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A local staff account was locked for {Duration} after repeated failed sign-ins (see the audit trail)")]
    private partial void LogLockedOut(TimeSpan duration);
}
