using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IessBot.Cases;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// The workflow columns of the <c>cases</c> table and the <c>case_events</c> rows (migration 5), shared by the
/// workflow store and the outbox, which writes a change together with its messages. Times are UTC round-trip text
/// (<see cref="CaseDocuments.FiledAtText"/>), which sorts in time order. An event is encrypted JSON bound to its
/// case number and sequence, so a row copied to another case or position fails to decrypt.
/// </summary>
internal static class SqliteCaseRows
{
    /// <summary>The columns of <see cref="ReadProgress"/>, in its order.</summary>
    public const string ProgressColumns =
        "case_number, type, category, province_code, filed_at, team, status, assignee_id, assignee_name, due_at, at_risk_at, " +
        "paused_since, first_response_at, resolved_at, closed_at, version";

    private const string UpdateSql = """
        UPDATE cases SET status = $status, team = $team, assignee_id = $assignee_id, assignee_name = $assignee_name,
            due_at = $due_at, at_risk_at = $at_risk_at, paused_since = $paused_since, first_response_at = $first_response_at,
            resolved_at = $resolved_at, closed_at = $closed_at, version = version + 1
        WHERE case_number = $number AND version = $version
        """;
    private const string LastSequenceSql = "SELECT COALESCE(MAX(sequence), 0) FROM case_events WHERE case_number = $number";
    private const string InsertEventSql = "INSERT INTO case_events (case_number, sequence, document) VALUES ($number, $sequence, $document)";

    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static CaseProgress ReadProgress(SqliteDataReader reader) => new()
    {
        CaseNumber = reader.GetString(0),
        Type = Enum.Parse<CaseType>(reader.GetString(1)),
        Category = reader.GetString(2),
        ProvinceCode = reader.GetString(3),
        FiledAt = Time(reader.GetString(4)),
        Team = Enum.Parse<CaseTeam>(reader.GetString(5)),
        Status = reader.GetString(6),
        AssigneeId = reader.IsDBNull(7) ? null : reader.GetString(7),
        AssigneeName = reader.IsDBNull(8) ? null : reader.GetString(8),
        DueAt = Time(reader.GetString(9)),
        AtRiskAt = Time(reader.GetString(10)),
        PausedSince = OptionalTime(reader, 11),
        FirstResponseAt = OptionalTime(reader, 12),
        ResolvedAt = OptionalTime(reader, 13),
        ClosedAt = OptionalTime(reader, 14),
        Version = reader.GetInt64(15),
    };

    /// <summary>
    /// Stores <paramref name="change"/> in <paramref name="transaction"/>: the progress if its version is the stored
    /// one, then its events after the last stored one.
    /// </summary>
    /// <exception cref="CaseChangedException">The stored version differs (or the case is gone).</exception>
    public static CaseProgress WriteChange(PooledConnection connection, SqliteTransaction transaction, PersonalDataProtector protector, CaseChange change)
    {
        var progress = change.Progress with { CaseNumber = CaseDocuments.NormalizeCaseNumber(change.Progress.CaseNumber) };
        var update = connection.Command(UpdateSql, transaction);
        SetProgress(update, progress);
        update.Parameters["$version"].Value = progress.Version;
        if (update.ExecuteNonQuery() != 1)
        {
            throw new CaseChangedException(progress.CaseNumber);
        }

        var last = connection.Command(LastSequenceSql, transaction);
        last.Parameters["$number"].Value = progress.CaseNumber;
        var sequence = Convert.ToInt64(last.ExecuteScalar(), CultureInfo.InvariantCulture);
        var insert = connection.Command(InsertEventSql, transaction);
        foreach (var @event in change.Events)
        {
            sequence++;
            insert.Parameters["$number"].Value = progress.CaseNumber;
            insert.Parameters["$sequence"].Value = sequence;
            insert.Parameters["$document"].Value = ProtectEvent(protector, progress.CaseNumber, sequence, @event);
            insert.ExecuteNonQuery();
        }
        return progress with { Version = progress.Version + 1 };
    }

    /// <summary>Sets the mutable progress parameters of <paramref name="command"/> (the UPDATE, or the back-fill of old rows).</summary>
    public static void SetProgress(SqliteCommand command, CaseProgress progress)
    {
        command.Parameters["$number"].Value = progress.CaseNumber;
        command.Parameters["$status"].Value = progress.Status;
        command.Parameters["$team"].Value = progress.Team.ToString();
        command.Parameters["$assignee_id"].Value = (object?)progress.AssigneeId ?? DBNull.Value;
        command.Parameters["$assignee_name"].Value = (object?)progress.AssigneeName ?? DBNull.Value;
        command.Parameters["$due_at"].Value = Text(progress.DueAt);
        command.Parameters["$at_risk_at"].Value = Text(progress.AtRiskAt);
        command.Parameters["$paused_since"].Value = Text(progress.PausedSince);
        command.Parameters["$first_response_at"].Value = Text(progress.FirstResponseAt);
        command.Parameters["$resolved_at"].Value = Text(progress.ResolvedAt);
        command.Parameters["$closed_at"].Value = Text(progress.ClosedAt);
    }

    public static byte[] ProtectEvent(PersonalDataProtector protector, string caseNumber, long sequence, CaseEvent @event) =>
        protector.Protect(JsonSerializer.SerializeToUtf8Bytes(@event, EventJson), EventBinding(caseNumber, sequence));

    public static CaseEvent UnprotectEvent(PersonalDataProtector protector, string caseNumber, long sequence, byte[] document) =>
        JsonSerializer.Deserialize<CaseEvent>(protector.Unprotect(document, EventBinding(caseNumber, sequence)), EventJson)
            ?? throw new InvalidDataException($"The event {sequence} of case {caseNumber} is empty.");

    public static string Text(DateTimeOffset instant) => CaseDocuments.FiledAtText(instant);

    public static object Text(DateTimeOffset? instant) => instant is { } value ? Text(value) : DBNull.Value;

    /// <summary>Reads <see cref="Text(DateTimeOffset)"/>: the round-trip form has an exact, fast parse.</summary>
    public static DateTimeOffset Time(string text) =>
        DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DateTimeOffset? OptionalTime(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Time(reader.GetString(ordinal));

    private static byte[] EventBinding(string caseNumber, long sequence) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"case-event|{caseNumber}|{sequence}"));
}
