using IessBot.Cases;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// The case workflow in SQLite (issue 7): progress in clear columns of <c>cases</c> (what the staff list filters and
/// sorts on), the timeline in <c>case_events</c>, each event encrypted. The Filed entry of a timeline is built from
/// the filing itself (<see cref="CaseWorkflow.FiledEvent"/>), so cases filed before migration 5 have it too.
/// </summary>
internal sealed class SqliteCaseWorkflowStore(SqliteDatabase database, PersonalDataProtector protector, CaseWorkflow workflow) : ICaseWorkflowStore
{
    private const int BackfillBatch = 500; // the LIMIT of PendingSql
    private const string SelectCaseSql =
        "SELECT " + SqliteCaseRows.ProgressColumns + ", document FROM cases WHERE case_number = $number";
    private const string SelectEventsSql = "SELECT sequence, document FROM case_events WHERE case_number = $number ORDER BY sequence";
    private const string PendingSql = "SELECT case_number, document, status FROM cases WHERE due_at IS NULL LIMIT 500";
    private const string BackfillSql = """
        UPDATE cases SET status = $status, team = $team, assignee_id = $assignee_id, assignee_name = $assignee_name,
            due_at = $due_at, at_risk_at = $at_risk_at, paused_since = $paused_since, first_response_at = $first_response_at,
            resolved_at = $resolved_at, closed_at = $closed_at
        WHERE case_number = $number AND due_at IS NULL
        """;

    public async Task<CaseFile?> GetAsync(string caseNumber, CancellationToken cancellationToken)
    {
        await EnsureProgressAsync(cancellationToken).ConfigureAwait(false);
        var number = CaseDocuments.NormalizeCaseNumber(caseNumber);
        using var connection = database.Rent();
        // One read snapshot for the case and its events (WAL: a writer in between is not seen).
        using var transaction = connection.Connection.BeginTransaction(deferred: true);
        var select = connection.Command(SelectCaseSql, transaction);
        select.Parameters["$number"].Value = number;
        CaseProgress progress;
        FiledCase filing;
        using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            progress = SqliteCaseRows.ReadProgress(reader);
            filing = CaseDocuments.Unprotect(protector, (byte[])reader.GetValue(16), number) with { Status = progress.Status };
        }

        var timeline = new List<CaseEvent> { CaseWorkflow.FiledEvent(filing) };
        var events = connection.Command(SelectEventsSql, transaction);
        events.Parameters["$number"].Value = number;
        using (var reader = await events.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                timeline.Add(SqliteCaseRows.UnprotectEvent(protector, number, reader.GetInt64(0), (byte[])reader.GetValue(1)));
            }
        }
        return new CaseFile(filing, progress, timeline);
    }

    public async Task<CaseProgress> UpdateAsync(CaseChange change, CancellationToken cancellationToken)
    {
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        using (var transaction = connection.Connection.BeginTransaction())
        {
            var stored = SqliteCaseRows.WriteChange(connection, transaction, protector, change);
            transaction.Commit();
            return stored;
        }
    }

    public async Task<CaseListPage> ListAsync(CaseListQuery query, IReadOnlySet<CaseTeam> teams, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (query.PageSize is < 1 or > CaseListQuery.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, $"The page size must be between 1 and {CaseListQuery.MaxPageSize}.");
        }
        if (query.Page < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Page, "The page number starts at 1.");
        }
        await EnsureProgressAsync(cancellationToken).ConfigureAwait(false);
        var filter = SqliteCaseListFilter.From(query, teams, now);
        if (filter is null)
        {
            return new CaseListPage([], 0, query.Page, query.PageSize);
        }

        using var connection = database.Rent();
        using var transaction = connection.Connection.BeginTransaction(deferred: true);
        var count = connection.Command(filter.CountSql, transaction);
        filter.Bind(count);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

        var cases = new List<CaseProgress>();
        if ((long)(query.Page - 1) * query.PageSize < total)
        {
            var page = connection.Command(filter.PageSql, transaction);
            filter.Bind(page);
            page.Parameters["$limit"].Value = query.PageSize;
            page.Parameters["$offset"].Value = (long)(query.Page - 1) * query.PageSize;
            using var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                cases.Add(SqliteCaseRows.ReadProgress(reader));
            }
        }
        return new CaseListPage(cases, total, query.Page, query.PageSize);
    }

    public async Task<CaseStatistics> StatisticsAsync(StatisticsQuery query, CancellationToken cancellationToken)
    {
        await EnsureProgressAsync(cancellationToken).ConfigureAwait(false);
        using var connection = database.Rent();
        using var transaction = connection.Connection.BeginTransaction(deferred: true);
        return await SqliteCaseStatistics.ComputeAsync(connection, transaction, query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives cases without progress (filed before migration 5, or by a case store without the workflow) their
    /// progress from the filing: the team, the due dates, the status they have. Cheap when there are none (a partial index).
    /// </summary>
    private async Task EnsureProgressAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            List<(string Number, byte[] Document, string Status)> pending = [];
            using (var connection = database.Rent())
            {
                var select = connection.Command(PendingSql);
                using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    pending.Add((reader.GetString(0), (byte[])reader.GetValue(1), reader.GetString(2)));
                }
            }
            if (pending.Count == 0)
            {
                return;
            }
            await BackfillAsync(pending, cancellationToken).ConfigureAwait(false);
            if (pending.Count < BackfillBatch)
            {
                return;
            }
        }
    }

    private async Task BackfillAsync(List<(string Number, byte[] Document, string Status)> pending, CancellationToken cancellationToken)
    {
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        using (var transaction = connection.Connection.BeginTransaction())
        {
            var update = connection.Command(BackfillSql, transaction);
            foreach (var (number, document, status) in pending)
            {
                var filing = CaseDocuments.Unprotect(protector, document, number);
                var progress = workflow.Start(filing with { CaseNumber = number }) with
                {
                    Status = CaseStatuses.All.Contains(status) ? status : CaseStatuses.Received,
                };
                SqliteCaseRows.SetProgress(update, progress);
                update.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }
}
