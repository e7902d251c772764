using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IessBot.Cases;
using IessBot.Notifications;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// The outbox in SQLite, next to the cases: a case and its messages are committed in one transaction
/// (<see cref="SqliteCaseStore.CreateAsync(FiledCase, CaseTransactionWork?, CancellationToken)"/>), and so are a
/// workflow change and its messages (<see cref="SqliteCaseRows.WriteChange"/>). Payloads hold contact
/// details and are encrypted (associated data: the message id). A claim is one UPDATE … RETURNING, atomic across
/// processes sharing the file; the claim token and <c>claimed_until</c> form the lease. Times are UTC round-trip
/// text, which sorts in time order.
/// </summary>
internal sealed class SqliteOutbox(SqliteDatabase database, SqliteCaseStore cases, PersonalDataProtector protector, TimeProvider time) : IOutbox
{
    private const string InsertSql = """
        INSERT INTO outbox (id, channel, case_number, payload, state, attempts, created_at, next_attempt_at)
        VALUES ($id, $channel, $case, $payload, 'Pending', 0, $now, $now)
        ON CONFLICT (id) DO NOTHING
        """;
    private const string ClaimSql = """
        UPDATE outbox SET claimed_until = $until, claim_token = $token, attempts = attempts + 1
        WHERE id IN (
            SELECT id FROM outbox
            WHERE state = 'Pending' AND channel = $channel AND next_attempt_at <= $now AND (claimed_until IS NULL OR claimed_until <= $now)
            ORDER BY next_attempt_at LIMIT $max)
        RETURNING id, channel, case_number, payload, attempts
        """;
    private const string SentSql = """
        UPDATE outbox SET state = 'Sent', sent_at = $now, claimed_until = NULL, claim_token = NULL
        WHERE id = $id AND claim_token = $token AND state = 'Pending'
        """;
    private const string RetrySql = """
        UPDATE outbox SET next_attempt_at = $next, claimed_until = NULL, claim_token = NULL, last_error = $error
        WHERE id = $id AND claim_token = $token AND state = 'Pending'
        """;
    private const string DeadSql = """
        UPDATE outbox SET state = 'DeadLetter', claimed_until = NULL, claim_token = NULL, last_error = $error
        WHERE id = $id AND claim_token = $token AND state = 'Pending'
        """;
    private const string ListSql = """
        SELECT id, channel, case_number, state, attempts, created_at, next_attempt_at, sent_at, last_error
        FROM outbox WHERE state = $state ORDER BY created_at, id LIMIT $max
        """;

    public Task<FiledCase> CreateCaseAsync(FiledCase filedCase, Func<FiledCase, IReadOnlyList<OutboxMessage>> messages, CancellationToken cancellationToken) =>
        cases.CreateAsync(filedCase, (connection, transaction, stored) =>
        {
            foreach (var message in messages(stored))
            {
                Insert(connection, transaction, message).ExecuteNonQuery();
            }
        }, cancellationToken);

    public async Task<CaseProgress> UpdateCaseAsync(CaseChange change, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        using (var transaction = connection.Connection.BeginTransaction())
        {
            // A version conflict throws before anything is queued, and the transaction rolls back on dispose.
            var stored = SqliteCaseRows.WriteChange(connection, transaction, protector, change);
            foreach (var message in messages)
            {
                Insert(connection, transaction, message).ExecuteNonQuery();
            }
            transaction.Commit();
            return stored;
        }
    }

    public async Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        {
            await Insert(connection, null, message).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ClaimedMessage>> ClaimDueAsync(string channel, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var claimed = new List<ClaimedMessage>();
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        {
            var command = connection.Command(ClaimSql);
            command.Parameters["$until"].Value = Text(now + lease);
            command.Parameters["$token"].Value = token;
            command.Parameters["$now"].Value = Text(now);
            command.Parameters["$max"].Value = max;
            command.Parameters["$channel"].Value = channel;
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var id = reader.GetString(0);
                var payload = Encoding.UTF8.GetString(protector.Unprotect((byte[])reader.GetValue(3), Encoding.UTF8.GetBytes(id)));
                var message = new OutboxMessage(id, reader.GetString(1), payload, reader.IsDBNull(2) ? null : reader.GetString(2));
                claimed.Add(new ClaimedMessage(message, reader.GetInt32(4), token));
            }
        }
        return claimed;
    }

    public Task<bool> MarkSentAsync(ClaimedMessage claimed, CancellationToken cancellationToken) =>
        SettleAsync(SentSql, claimed, command => command.Parameters["$now"].Value = Text(time.GetUtcNow()), cancellationToken);

    public Task<bool> RetryLaterAsync(ClaimedMessage claimed, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        SettleAsync(RetrySql, claimed, command =>
        {
            command.Parameters["$next"].Value = Text(nextAttemptAt);
            command.Parameters["$error"].Value = error;
        }, cancellationToken);

    public Task<bool> DeadLetterAsync(ClaimedMessage claimed, string error, CancellationToken cancellationToken) =>
        SettleAsync(DeadSql, claimed, command => command.Parameters["$error"].Value = error, cancellationToken);

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(OutboxState state, int max, CancellationToken cancellationToken)
    {
        var entries = new List<OutboxEntry>();
        using var connection = database.Rent();
        var command = connection.Command(ListSql);
        command.Parameters["$state"].Value = state.ToString();
        command.Parameters["$max"].Value = max;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new OutboxEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                Enum.Parse<OutboxState>(reader.GetString(3)),
                reader.GetInt32(4),
                Time(reader.GetString(5)),
                Time(reader.GetString(6)),
                reader.IsDBNull(7) ? null : Time(reader.GetString(7)),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
        return entries;
    }

    private async Task<bool> SettleAsync(string sql, ClaimedMessage claimed, Action<SqliteCommand> set, CancellationToken cancellationToken)
    {
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        {
            var command = connection.Command(sql);
            command.Parameters["$id"].Value = claimed.Message.Id;
            command.Parameters["$token"].Value = claimed.ClaimToken;
            set(command);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
    }

    private SqliteCommand Insert(PooledConnection connection, SqliteTransaction? transaction, OutboxMessage message)
    {
        var command = connection.Command(InsertSql, transaction);
        command.Parameters["$id"].Value = message.Id;
        command.Parameters["$channel"].Value = message.Channel;
        command.Parameters["$case"].Value = (object?)message.CaseNumber ?? DBNull.Value;
        command.Parameters["$payload"].Value = protector.Protect(Encoding.UTF8.GetBytes(message.Payload), Encoding.UTF8.GetBytes(message.Id));
        command.Parameters["$now"].Value = Text(time.GetUtcNow());
        return command;
    }

    private static string Text(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
