using System.Globalization;
using IessBot.Staff;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// The audit trail in SQLite: one row per entry, chained by <see cref="AuditChain"/>. An append reads the last entry
/// and inserts the next one under the database's write gate, so two appends never share a sequence or a previous hash.
/// The rows hold no personal data (<see cref="AuditRecord"/>), so they are stored in clear for the auditor's queries.
/// </summary>
internal sealed class SqliteAuditTrail(SqliteDatabase database, PersonalDataProtector protector) : IAuditTrail
{
    private const string Columns = "sequence, at, actor_id, action, case_number, detail, previous_hash, hash";
    private const string LastSql = "SELECT sequence, hash FROM audit_trail ORDER BY sequence DESC LIMIT 1";
    private const string InsertSql = $"""
        INSERT INTO audit_trail ({Columns})
        VALUES ($sequence, $at, $actor, $action, $case, $detail, $previous, $hash)
        """;
    private const string ReadAllSql = $"""
        SELECT {Columns} FROM audit_trail
        WHERE sequence < $before ORDER BY sequence DESC LIMIT $max
        """;
    private const string ReadCaseSql = $"""
        SELECT {Columns} FROM audit_trail
        WHERE case_number = $case AND sequence < $before ORDER BY sequence DESC LIMIT $max
        """;
    private const string WalkSql = $"SELECT {Columns} FROM audit_trail ORDER BY sequence";

    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        using (var transaction = connection.Connection.BeginTransaction())
        {
            var (lastSequence, lastHash) = (0L, AuditChain.GenesisHash);
            using (var reader = await connection.Command(LastSql, transaction).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    (lastSequence, lastHash) = (reader.GetInt64(0), reader.GetString(1));
                }
            }

            var entry = AuditChain.Seal(protector.AuditChainKey, lastSequence + 1, lastHash, record);
            var insert = connection.Command(InsertSql, transaction);
            insert.Parameters["$sequence"].Value = entry.Sequence;
            insert.Parameters["$at"].Value = record.At.ToString("O", CultureInfo.InvariantCulture);
            insert.Parameters["$actor"].Value = record.ActorId;
            insert.Parameters["$action"].Value = record.Action;
            insert.Parameters["$case"].Value = (object?)record.CaseNumber ?? DBNull.Value;
            insert.Parameters["$detail"].Value = (object?)record.Detail ?? DBNull.Value;
            insert.Parameters["$previous"].Value = entry.PreviousHash;
            insert.Parameters["$hash"].Value = entry.Hash;
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            transaction.Commit();
            return entry;
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? caseNumber, int max, long? beforeSequence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        using var connection = database.Rent();
        var command = connection.Command(caseNumber is null ? ReadAllSql : ReadCaseSql);
        if (caseNumber is not null)
        {
            command.Parameters["$case"].Value = caseNumber;
        }
        command.Parameters["$before"].Value = beforeSequence ?? long.MaxValue;
        command.Parameters["$max"].Value = max;
        var entries = new List<AuditEntry>(Math.Min(max, 256));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ReadEntry(reader));
        }
        return entries;
    }

    public async Task<AuditChainCheck> VerifyAsync(CancellationToken cancellationToken)
    {
        var verifier = new AuditChain.Verifier(protector.AuditChainKey);
        using var connection = database.Rent();
        using var reader = await connection.Command(WalkSql).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!verifier.Add(ReadEntry(reader)))
            {
                break;
            }
        }
        return verifier.Result;
    }

    private static AuditEntry ReadEntry(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        new AuditRecord(
            DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            reader.GetString(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5)),
        reader.GetString(6),
        reader.GetString(7));
}
