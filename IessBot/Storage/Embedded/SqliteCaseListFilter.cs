using System.Text;
using IessBot.Cases;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// The staff list's SQL (<see cref="CaseListQuery"/>): only the conditions of the filters given, and the covering
/// index (migration 5, <c>ix_cases_list_*</c>) that narrows this shape of query first. The count and the page's
/// case numbers come from the index alone; only the page's rows are read from the table, whose rows are wide (each
/// holds an encrypted filing). SQLite, without statistics, would otherwise pick an equality index and read thousands
/// of rows to sort them. The SQL text depends only on which filters are set, so each shape is prepared once.
/// </summary>
internal sealed class SqliteCaseListFilter
{
    private static readonly string ActiveStatuses = InList(CaseStatuses.Received, CaseStatuses.InAnalysis);
    private static readonly string FinishedStatuses = InList(CaseStatuses.Resolved, CaseStatuses.Referred, CaseStatuses.Closed);

    private readonly Dictionary<string, object> _values;

    private SqliteCaseListFilter(string where, Dictionary<string, object> values, string? index)
    {
        _values = values;
        var source = index is null ? "cases" : $"cases INDEXED BY {index}";
        // Without conditions, SQLite counts on the smallest index it has, faster than on a list index.
        CountSql = where.Length == 0 ? "SELECT COUNT(*) FROM cases" : $"SELECT COUNT(*) FROM {source} WHERE {where}";
        var condition = where.Length == 0 ? "" : $"WHERE {where}";
        PageSql = $"""
            SELECT {SqliteCaseRows.ProgressColumns} FROM cases WHERE case_number IN (
                SELECT case_number FROM {source} {condition} ORDER BY due_at, case_number LIMIT $limit OFFSET $offset)
            ORDER BY due_at, case_number
            """;
        Index = index;
    }

    public string CountSql { get; }
    public string PageSql { get; }

    /// <summary>The index the queries use; null for a search by case number (the primary key).</summary>
    public string? Index { get; }

    /// <summary>The filter of <paramref name="query"/> for a viewer of <paramref name="teams"/>; null when nothing can match.</summary>
    public static SqliteCaseListFilter? From(CaseListQuery query, IReadOnlySet<CaseTeam> teams, DateTimeOffset now)
    {
        if (teams.Count == 0 || (query.Team is { } team && !teams.Contains(team)))
        {
            return null;
        }
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var where = new StringBuilder();

        // One parameter per possible team (repeating the first), so the SQL has one shape for any set of teams; none
        // when the viewer sees every team.
        var ordered = query.Team is { } only ? [only] : teams.Order().ToArray();
        if (ordered.Length < Enum.GetValues<CaseTeam>().Length)
        {
            where.Append("team IN ($team0, $team1, $team2)");
            for (var i = 0; i < 3; i++)
            {
                values[$"$team{i}"] = ordered[Math.Min(i, ordered.Length - 1)].ToString();
            }
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
        Add(where, values, "assignee_id = $assignee", "$assignee", query.AssigneeId);
        Add(where, values, "filed_at >= $from", "$from", query.FiledFrom is { } from ? SqliteCaseRows.Text(from) : null);
        Add(where, values, "filed_at < $before", "$before", query.FiledBefore is { } before ? SqliteCaseRows.Text(before) : null);
        if (query.Sla is { } sla)
        {
            And(where, SlaCondition(sla));
            if (sla is not (SlaState.Paused or SlaState.Finished))
            {
                values["$now"] = SqliteCaseRows.Text(now);
            }
        }
        return new SqliteCaseListFilter(where.ToString(), values, IndexFor(query, ordered.Length));
    }

    public void Bind(SqliteCommand command)
    {
        foreach (var (name, value) in _values)
        {
            command.Parameters[name].Value = value;
        }
    }

    /// <summary>The most selective leading columns this query constrains; due-date order when nothing narrows.</summary>
    private static string? IndexFor(CaseListQuery query, int teamCount) => query switch
    {
        { CaseNumber: not null } => null,
        { ProvinceCode: not null } => "ix_cases_list_province",
        { Status: not null } or { Sla: not null } => "ix_cases_list_status",
        _ when teamCount == 1 => "ix_cases_list_team",
        _ => "ix_cases_list_due",
    };

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
            And(where, condition);
            values[name] = value;
        }
    }

    private static void And(StringBuilder where, string condition) => (where.Length == 0 ? where : where.Append(" AND ")).Append(condition);

    private static string InList(params string[] statuses) => $"({string.Join(", ", statuses.Select(s => $"'{s}'"))})";
}
