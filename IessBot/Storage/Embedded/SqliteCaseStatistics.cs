using IessBot.Cases;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// The statistics page's figures from the clear columns of the cases filed in a period: counts grouped in SQL, the
/// medians in C# (SQLite has no median). Months are Ecuador months (UTC−5, no DST).
/// </summary>
internal static class SqliteCaseStatistics
{
    private const string Period = "filed_at >= $from AND filed_at < $before AND team IN ($team0, $team1, $team2)";
    private const string CountsSql = $"""
        SELECT 'type', type, COUNT(*) FROM cases WHERE {Period} GROUP BY type
        UNION ALL SELECT 'category', category, COUNT(*) FROM cases WHERE {Period} GROUP BY category
        UNION ALL SELECT 'province', province_code, COUNT(*) FROM cases WHERE {Period} GROUP BY province_code
        UNION ALL SELECT 'status', status, COUNT(*) FROM cases WHERE {Period} GROUP BY status
        """;
    private const string MonthsSql = $"""
        SELECT strftime('%Y-%m', filed_at, '-5 hours') AS month, type, COUNT(*) FROM cases WHERE {Period}
        GROUP BY month, type
        """;
    private const string DurationsSql = $"""
        SELECT filed_at, first_response_at, resolved_at FROM cases
        WHERE {Period} AND (first_response_at IS NOT NULL OR resolved_at IS NOT NULL)
        """;

    public static async Task<CaseStatistics> ComputeAsync(PooledConnection connection, SqliteTransaction transaction, StatisticsQuery query, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal)
        {
            ["type"] = new(StringComparer.Ordinal),
            ["category"] = new(StringComparer.Ordinal),
            ["province"] = new(StringComparer.Ordinal),
            ["status"] = new(StringComparer.Ordinal),
        };
        var months = new List<(string Month, CaseType Type, int Count)>();
        var toFirstResponse = new List<TimeSpan>();
        var toResolution = new List<TimeSpan>();
        if (query.Teams.Count > 0)
        {
            await ReadAsync(Command(connection, transaction, CountsSql, query), reader =>
                counts[reader.GetString(0)][reader.GetString(1)] = reader.GetInt32(2), cancellationToken).ConfigureAwait(false);
            await ReadAsync(Command(connection, transaction, MonthsSql, query), reader =>
                months.Add((reader.GetString(0), Enum.Parse<CaseType>(reader.GetString(1)), reader.GetInt32(2))), cancellationToken).ConfigureAwait(false);
            await ReadAsync(Command(connection, transaction, DurationsSql, query), reader =>
            {
                var filed = SqliteCaseRows.Time(reader.GetString(0));
                if (!reader.IsDBNull(1))
                {
                    toFirstResponse.Add(SqliteCaseRows.Time(reader.GetString(1)) - filed);
                }
                if (!reader.IsDBNull(2))
                {
                    toResolution.Add(SqliteCaseRows.Time(reader.GetString(2)) - filed);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        months.Sort((a, b) => a.Month == b.Month ? a.Type.CompareTo(b.Type) : string.CompareOrdinal(a.Month, b.Month));
        return new CaseStatistics(counts["type"], counts["category"], counts["province"], counts["status"], months, Median(toFirstResponse), Median(toResolution));
    }

    public static TimeSpan? Median(List<TimeSpan> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static SqliteCommand Command(PooledConnection connection, SqliteTransaction transaction, string sql, StatisticsQuery query)
    {
        var command = connection.Command(sql, transaction);
        command.Parameters["$from"].Value = SqliteCaseRows.Text(query.From);
        command.Parameters["$before"].Value = SqliteCaseRows.Text(query.Before);
        var teams = query.Teams.Order().ToArray();
        for (var i = 0; i < 3; i++)
        {
            command.Parameters[$"$team{i}"].Value = teams[Math.Min(i, teams.Length - 1)].ToString();
        }
        return command;
    }

    private static async Task ReadAsync(SqliteCommand command, Action<SqliteDataReader> read, CancellationToken cancellationToken)
    {
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            read(reader);
        }
    }
}
