using System.Globalization;
using IessBot.Cases;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// The statistics page's figures from the clear columns of the cases filed in a period, in one pass over the period's
/// range of the covering index <c>ix_cases_statistics</c> (migration 5), never the wide rows: counts, months (Ecuador
/// months, UTC−5, no DST) and medians (SQLite has no median) are computed here.
/// </summary>
internal static class SqliteCaseStatistics
{
    private const string PeriodSql = """
        SELECT type, category, province_code, status, filed_at, first_response_at, resolved_at
        FROM cases INDEXED BY ix_cases_statistics
        WHERE filed_at >= $from AND filed_at < $before AND team IN ($team0, $team1, $team2)
        """;

    public static async Task<CaseStatistics> ComputeAsync(PooledConnection connection, SqliteTransaction transaction, StatisticsQuery query, CancellationToken cancellationToken)
    {
        var byType = new Dictionary<string, int>(StringComparer.Ordinal);
        var byCategory = new Dictionary<string, int>(StringComparer.Ordinal);
        var byProvince = new Dictionary<string, int>(StringComparer.Ordinal);
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        var byMonth = new Dictionary<(int Month, CaseType Type), int>();
        var toFirstResponse = new List<TimeSpan>();
        var toResolution = new List<TimeSpan>();
        if (query.Teams.Count > 0)
        {
            using var reader = await Command(connection, transaction, query).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var type = reader.GetString(0);
                Increment(byType, type);
                Increment(byCategory, reader.GetString(1));
                Increment(byProvince, reader.GetString(2));
                Increment(byStatus, reader.GetString(3));
                var filed = SqliteCaseRows.Time(reader.GetString(4));
                var local = BusinessCalendar.ToEcuadorTime(filed);
                var month = (local.Year * 100) + local.Month;
                var key = (month, Enum.Parse<CaseType>(type));
                byMonth[key] = byMonth.GetValueOrDefault(key) + 1;
                if (!reader.IsDBNull(5))
                {
                    toFirstResponse.Add(SqliteCaseRows.Time(reader.GetString(5)) - filed);
                }
                if (!reader.IsDBNull(6))
                {
                    toResolution.Add(SqliteCaseRows.Time(reader.GetString(6)) - filed);
                }
            }
        }
        var months = byMonth.OrderBy(m => m.Key.Month).ThenBy(m => m.Key.Type)
            .Select(m => (string.Create(CultureInfo.InvariantCulture, $"{m.Key.Month / 100:0000}-{m.Key.Month % 100:00}"), m.Key.Type, m.Value))
            .ToList();
        return new CaseStatistics(byType, byCategory, byProvince, byStatus, months, Median(toFirstResponse), Median(toResolution));
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

    private static void Increment(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static SqliteCommand Command(PooledConnection connection, SqliteTransaction transaction, StatisticsQuery query)
    {
        var command = connection.Command(PeriodSql, transaction);
        command.Parameters["$from"].Value = SqliteCaseRows.Text(query.From);
        command.Parameters["$before"].Value = SqliteCaseRows.Text(query.Before);
        var teams = query.Teams.Order().ToArray();
        for (var i = 0; i < 3; i++)
        {
            command.Parameters[$"$team{i}"].Value = teams[Math.Min(i, teams.Length - 1)].ToString();
        }
        return command;
    }
}
