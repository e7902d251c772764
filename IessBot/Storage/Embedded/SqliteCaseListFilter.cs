using System.Text;
using IessBot.Cases;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// The WHERE clause of the staff list (<see cref="CaseListQuery"/>): only the conditions of the filters given, so
/// that SQLite can pick the index that fits (a catch-all <c>$x IS NULL OR …</c> would hide them from the planner).
/// The SQL text depends only on which filters are set, so each shape is prepared once per connection.
/// </summary>
internal sealed class SqliteCaseListFilter
{
    private static readonly string ActiveStatuses = InList(CaseStatuses.Received, CaseStatuses.InAnalysis);
    private static readonly string FinishedStatuses = InList(CaseStatuses.Resolved, CaseStatuses.Referred, CaseStatuses.Closed);

    private readonly Dictionary<string, object> _values;

    private SqliteCaseListFilter(string where, Dictionary<string, object> values)
    {
        _values = values;
        CountSql = $"SELECT COUNT(*) FROM cases WHERE {where}";
        PageSql = $"SELECT {SqliteCaseRows.ProgressColumns} FROM cases WHERE {where} ORDER BY due_at, case_number LIMIT $limit OFFSET $offset";
    }

    public string CountSql { get; }
    public string PageSql { get; }

    /// <summary>The filter of <paramref name="query"/> for a viewer of <paramref name="teams"/>; null when nothing can match.</summary>
    public static SqliteCaseListFilter? From(CaseListQuery query, IReadOnlySet<CaseTeam> teams, DateTimeOffset now)
    {
        if (teams.Count == 0)
        {
            return null;
        }
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var where = new StringBuilder();

        // Always one parameter per possible team (repeating the first), so the SQL has one shape for any set of teams.
        var ordered = teams.Order().ToArray();
        where.Append("team IN ($team0, $team1, $team2)");
        for (var i = 0; i < 3; i++)
        {
            values[$"$team{i}"] = ordered[Math.Min(i, ordered.Length - 1)].ToString();
        }

        if (query.CaseNumber is { } number)
        {
            if (!CaseNumber.TryParse(number, out var parsed))
            {
                return null;
            }
            Add(where, values, "case_number = $number", "$number", parsed.Value);
        }
        Add(where, values, "type = $type", "$type", query.Type?.ToString());
        Add(where, values, "category = $category", "$category", query.Category);
        Add(where, values, "status = $status", "$status", query.Status);
        Add(where, values, "province_code = $province", "$province", query.ProvinceCode);
        Add(where, values, "team = $team", "$team", query.Team?.ToString());
        Add(where, values, "assignee_id = $assignee", "$assignee", query.AssigneeId);
        Add(where, values, "filed_at >= $from", "$from", query.FiledFrom is { } from ? SqliteCaseRows.Text(from) : null);
        Add(where, values, "filed_at < $before", "$before", query.FiledBefore is { } before ? SqliteCaseRows.Text(before) : null);
        if (query.Sla is { } sla)
        {
            where.Append(" AND ").Append(SlaCondition(sla));
            if (sla is not (SlaState.Paused or SlaState.Finished))
            {
                values["$now"] = SqliteCaseRows.Text(now);
            }
        }

        return new SqliteCaseListFilter(where.ToString(), values);
    }

    public void Bind(SqliteCommand command)
    {
        foreach (var (name, value) in _values)
        {
            command.Parameters[name].Value = value;
        }
    }

    /// <summary>The SQL of <see cref="CaseWorkflow.SlaOf"/>: overdue after the due date, at risk after the at-risk instant.</summary>
    private static string SlaCondition(SlaState sla) => sla switch
    {
        SlaState.OnTime => $"status IN {ActiveStatuses} AND at_risk_at >= $now",
        SlaState.AtRisk => $"status IN {ActiveStatuses} AND at_risk_at < $now AND due_at >= $now",
        SlaState.Overdue => $"status IN {ActiveStatuses} AND due_at < $now",
        SlaState.Paused => $"status = '{CaseStatuses.InformationRequested}'",
        SlaState.Finished => $"status IN {FinishedStatuses}",
        _ => throw new ArgumentOutOfRangeException(nameof(sla), sla, null),
    };

    private static void Add(StringBuilder where, Dictionary<string, object> values, string condition, string name, string? value)
    {
        if (value is not null)
        {
            where.Append(" AND ").Append(condition);
            values[name] = value;
        }
    }

    private static string InList(params string[] statuses) => $"({string.Join(", ", statuses.Select(s => $"'{s}'"))})";
}
