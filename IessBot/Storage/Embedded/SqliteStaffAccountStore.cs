using System.Globalization;
using System.Text.Json;
using IessBot.Staff;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// Local staff accounts in SQLite. Names and roles of staff are not citizens' personal data and stay in clear; the
/// password is only ever stored as ASP.NET Core's PasswordHasher output (PBKDF2 with a per-password salt).
/// </summary>
internal sealed class SqliteStaffAccountStore(SqliteDatabase database) : IStaffAccountStore
{
    private const string Columns = "user_name, display_name, roles, password_hash, failed_attempts, locked_until, created_at";
    private const string FindSql = $"SELECT {Columns} FROM staff_accounts WHERE user_name = $user";
    private const string ListSql = $"SELECT {Columns} FROM staff_accounts ORDER BY user_name";
    private const string UpsertSql = $"""
        INSERT INTO staff_accounts ({Columns})
        VALUES ($user, $display, $roles, $hash, $failed, $locked, $created)
        ON CONFLICT (user_name) DO UPDATE SET
            display_name = excluded.display_name, roles = excluded.roles, password_hash = excluded.password_hash,
            failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until, created_at = excluded.created_at
        """;

    public async Task<StaffAccount?> FindAsync(string userName, CancellationToken cancellationToken)
    {
        using var connection = database.Rent();
        var command = connection.Command(FindSql);
        command.Parameters["$user"].Value = StaffAccounts.NormalizeUserName(userName);
        var found = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task SaveAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        {
            var command = connection.Command(UpsertSql);
            command.Parameters["$user"].Value = StaffAccounts.NormalizeUserName(account.UserName);
            command.Parameters["$display"].Value = account.DisplayName;
            command.Parameters["$roles"].Value = JsonSerializer.Serialize(account.Roles);
            command.Parameters["$hash"].Value = account.PasswordHash;
            command.Parameters["$failed"].Value = account.FailedAttempts;
            command.Parameters["$locked"].Value = account.LockedUntil is { } locked ? locked.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value;
            command.Parameters["$created"].Value = account.CreatedAt.ToString("O", CultureInfo.InvariantCulture);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Rent();
        return await ReadAsync(connection.Command(ListSql), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<List<StaffAccount>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var accounts = new List<StaffAccount>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(new StaffAccount(
                reader.GetString(0),
                reader.GetString(1),
                JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? [],
                reader.GetString(3),
                reader.GetInt32(4),
                reader.IsDBNull(5) ? null : ParseTime(reader.GetString(5)),
                ParseTime(reader.GetString(6))));
        }
        return accounts;
    }

    private static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
