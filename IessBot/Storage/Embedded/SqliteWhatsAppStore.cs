using System.Globalization;
using System.Security.Cryptography;
using IessBot.WhatsApp;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// The WhatsApp inbox and delivery state in SQLite. Webhook bodies are encrypted with a random per-row key id as
/// associated data and emptied once processed; citizens are keyed by a blind index; message ids (<c>wamid</c>) are
/// opaque and stored as they are, with a primary key that makes "already processed" a single lookup.
/// </summary>
internal sealed class SqliteWhatsAppStore(SqliteDatabase database, PersonalDataProtector protector) : IWhatsAppInbox, IWhatsAppDeliveryState
{
    internal const string UserKeyDomain = "whatsapp-user";

    private const string InsertInboxSql =
        "INSERT INTO whatsapp_inbox (entry_key, received_at, payload) VALUES ($key, $received_at, $payload) RETURNING sequence";
    private const string PendingSql =
        "SELECT sequence, entry_key, received_at, payload FROM whatsapp_inbox WHERE processed_at IS NULL AND sequence > $after ORDER BY sequence LIMIT $max";
    private const string MarkProcessedSql = "UPDATE whatsapp_inbox SET processed_at = $at, payload = x'' WHERE sequence = $sequence";
    private const string CountPendingSql = "SELECT COUNT(*) FROM whatsapp_inbox WHERE processed_at IS NULL";
    private const string MessageProcessedSql = "SELECT 1 FROM whatsapp_messages WHERE wamid = $wamid";
    private const string MarkMessageSql = "INSERT INTO whatsapp_messages (wamid, processed_at) VALUES ($wamid, $at) ON CONFLICT (wamid) DO NOTHING";
    private const string PurgeInboxSql = "DELETE FROM whatsapp_inbox WHERE processed_at IS NOT NULL AND processed_at < $before";
    private const string PurgeMessagesSql = "DELETE FROM whatsapp_messages WHERE processed_at < $before";
    private const string InsertOutboundSql =
        "INSERT INTO whatsapp_outbound (wamid, status, updated_at) VALUES ($wamid, 0, $at) ON CONFLICT (wamid) DO NOTHING";
    // Never backwards (reference §2.5): a status only replaces a lower one.
    private const string UpdateStatusSql =
        "UPDATE whatsapp_outbound SET status = $status, updated_at = $at, error_code = $error WHERE wamid = $wamid AND status < $status";
    private const string SelectOutboundSql = "SELECT status, updated_at, error_code FROM whatsapp_outbound WHERE wamid = $wamid";
    private const string UpsertContactSql = """
        INSERT INTO whatsapp_contacts (user_hash, last_inbound_at) VALUES ($user, $at)
        ON CONFLICT (user_hash) DO UPDATE SET last_inbound_at = excluded.last_inbound_at WHERE excluded.last_inbound_at > last_inbound_at
        """;
    private const string SelectContactSql = "SELECT last_inbound_at FROM whatsapp_contacts WHERE user_hash = $user";

    public async Task<long> AddAsync(ReadOnlyMemory<byte> payload, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var entryKey = RandomNumberGenerator.GetBytes(16);
        var encrypted = protector.Protect(payload.Span, entryKey);
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        {
            var command = connection.Command(InsertInboxSql);
            command.Parameters["$key"].Value = entryKey;
            command.Parameters["$received_at"].Value = Format(receivedAt);
            command.Parameters["$payload"].Value = encrypted;
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    public async Task<IReadOnlyList<InboxEntry>> ReadPendingAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        var rows = new List<(long Sequence, byte[] Key, string ReceivedAt, byte[] Payload)>();
        using (var connection = database.Rent())
        {
            var command = connection.Command(PendingSql);
            command.Parameters["$after"].Value = afterSequence;
            command.Parameters["$max"].Value = max;
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetString(2), (byte[])reader.GetValue(3)));
            }
        }
        return [.. rows.Select(row => new InboxEntry(row.Sequence, protector.Unprotect(row.Payload, row.Key), Parse(row.ReceivedAt)))];
    }

    public Task MarkProcessedAsync(long sequence, DateTimeOffset processedAt, CancellationToken cancellationToken) =>
        WriteAsync(MarkProcessedSql, command =>
        {
            command.Parameters["$sequence"].Value = sequence;
            command.Parameters["$at"].Value = Format(processedAt);
        }, cancellationToken);

    public async Task<int> CountPendingAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Rent();
        return Convert.ToInt32(await connection.Command(CountPendingSql).ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task<bool> IsMessageProcessedAsync(string messageId, CancellationToken cancellationToken)
    {
        using var connection = database.Rent();
        var command = connection.Command(MessageProcessedSql);
        command.Parameters["$wamid"].Value = messageId;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }

    public Task MarkMessageProcessedAsync(string messageId, DateTimeOffset processedAt, CancellationToken cancellationToken) =>
        WriteAsync(MarkMessageSql, command =>
        {
            command.Parameters["$wamid"].Value = messageId;
            command.Parameters["$at"].Value = Format(processedAt);
        }, cancellationToken);

    public async Task PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await WriteAsync(PurgeInboxSql, command => command.Parameters["$before"].Value = Format(before), cancellationToken).ConfigureAwait(false);
        await WriteAsync(PurgeMessagesSql, command => command.Parameters["$before"].Value = Format(before), cancellationToken).ConfigureAwait(false);
    }

    public Task RecordAcceptedAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(InsertOutboundSql, command =>
        {
            command.Parameters["$wamid"].Value = messageId;
            command.Parameters["$at"].Value = Format(at);
        }, cancellationToken);

    public async Task<bool> UpdateStatusAsync(string messageId, DeliveryStatus status, DateTimeOffset at, string? errorCode, CancellationToken cancellationToken) =>
        await WriteAsync(UpdateStatusSql, command =>
        {
            command.Parameters["$wamid"].Value = messageId;
            command.Parameters["$status"].Value = (int)status;
            command.Parameters["$at"].Value = Format(at);
            command.Parameters["$error"].Value = (object?)errorCode ?? DBNull.Value;
        }, cancellationToken).ConfigureAwait(false) == 1;

    public async Task<DeliveryRecord?> GetAsync(string messageId, CancellationToken cancellationToken)
    {
        using var connection = database.Rent();
        var command = connection.Command(SelectOutboundSql);
        command.Parameters["$wamid"].Value = messageId;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        return new DeliveryRecord(messageId, (DeliveryStatus)reader.GetInt32(0), Parse(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    public Task RecordInboundAsync(string userKey, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        WriteAsync(UpsertContactSql, command =>
        {
            command.Parameters["$user"].Value = protector.BlindIndex(UserKeyDomain, userKey);
            command.Parameters["$at"].Value = Format(sentAt);
        }, cancellationToken);

    public async Task<DateTimeOffset?> LastInboundAsync(string userKey, CancellationToken cancellationToken)
    {
        using var connection = database.Rent();
        var command = connection.Command(SelectContactSql);
        command.Parameters["$user"].Value = protector.BlindIndex(UserKeyDomain, userKey);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string at ? Parse(at) : null;
    }

    private async Task<int> WriteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        {
            var command = connection.Command(sql);
            bind(command);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // UTC round-trip text sorts in time order.
    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
