using IessBot.Cases;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>Work done in the same transaction as a new case (e.g. its notification outbox rows, DESIGN.md "How a turn runs" 6).</summary>
internal delegate void CaseTransactionWork(PooledConnection connection, SqliteTransaction transaction, FiledCase filedCase);

/// <summary>
/// Cases in SQLite. The whole case is one encrypted JSON document (associated data: the case number); the
/// columns staff need to filter on (type, category, status, province, channel, date) stay in clear, and the
/// cédula is reachable only through its blind index. The <c>status</c> column is the current one (the workflow
/// updates it), so every read returns it in <see cref="FiledCase.Status"/>. With <paramref name="workflow"/>, a new case
/// gets its progress (team, due dates) in the same insert; without, it gets it on the first workflow read.
/// </summary>
internal sealed class SqliteCaseStore(SqliteDatabase database, PersonalDataProtector protector, CaseWorkflow? workflow = null) : ICaseStore
{
    private const string InsertSql = """
        INSERT INTO cases (case_number, filing_id, type, category, status, province_code, channel, filed_at, cedula_index, document,
            team, due_at, at_risk_at)
        VALUES ($number, $filing, $type, $category, $status, $province, $channel, $filed_at, $cedula, $document,
            $team, $due_at, $at_risk_at)
        ON CONFLICT (case_number) DO NOTHING
        """;
    private const string SelectByNumberSql = "SELECT case_number, document, status FROM cases WHERE case_number = $number";
    private const string SelectByCedulaSql =
        "SELECT case_number, document, status FROM cases WHERE cedula_index = $cedula ORDER BY filed_at, case_number";
    // One statement for every combination of filters (a null parameter does not filter), so it is prepared once.
    private const string QuerySql = """
        SELECT case_number, document, status FROM cases
        WHERE ($type IS NULL OR type = $type)
          AND ($status IS NULL OR status = $status)
          AND ($from IS NULL OR filed_at >= $from)
          AND ($before IS NULL OR filed_at < $before)
          AND ($after_at IS NULL OR filed_at < $after_at OR (filed_at = $after_at AND case_number < $after_number))
        ORDER BY filed_at DESC, case_number DESC
        LIMIT $limit
        """;

    public Task<FiledCase> CreateAsync(FiledCase filedCase, CancellationToken cancellationToken) =>
        CreateAsync(filedCase, alsoInTransaction: null, cancellationToken);

    /// <summary>Stores a new case and runs <paramref name="alsoInTransaction"/> in the same transaction (only when the case is new).</summary>
    internal async Task<FiledCase> CreateAsync(FiledCase filedCase, CaseTransactionWork? alsoInTransaction, CancellationToken cancellationToken)
    {
        var number = CaseDocuments.NormalizeCaseNumber(filedCase.CaseNumber);
        var stored = filedCase with { CaseNumber = number };
        var document = CaseDocuments.Protect(protector, stored);

        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        using (var transaction = connection.Connection.BeginTransaction())
        {
            var insert = connection.Command(InsertSql, transaction);
            SetParameters(insert, stored, document);
            if (await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                alsoInTransaction?.Invoke(connection, transaction, stored);
                transaction.Commit();
                return stored;
            }

            var existing = connection.Command(SelectByNumberSql, transaction);
            existing.Parameters["$number"].Value = number;
            var found = await ReadCasesAsync(existing, cancellationToken).ConfigureAwait(false);
            if (found is [var previous] && previous.FilingId == filedCase.FilingId)
            {
                return previous;
            }
            throw new DuplicateCaseNumberException(number);
        }
    }

    public async Task<FiledCase?> GetAsync(string caseNumber, CancellationToken cancellationToken)
    {
        using var connection = database.Rent();
        var command = connection.Command(SelectByNumberSql);
        command.Parameters["$number"].Value = CaseDocuments.NormalizeCaseNumber(caseNumber);
        var found = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<FiledCase>> FindByCedulaAsync(string cedula, CancellationToken cancellationToken)
    {
        using var connection = database.Rent();
        var command = connection.Command(SelectByCedulaSql);
        command.Parameters["$cedula"].Value = CaseDocuments.CedulaIndex(protector, cedula);
        return await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CasePage> QueryAsync(CaseQuery query, CancellationToken cancellationToken)
    {
        CaseDocuments.ValidatePageSize(query);
        var after = CaseDocuments.ReadContinuation(query.ContinuationToken);
        using var connection = database.Rent();
        var command = connection.Command(QuerySql);
        command.Parameters["$type"].Value = (object?)query.Type?.ToString() ?? DBNull.Value;
        command.Parameters["$status"].Value = (object?)query.Status ?? DBNull.Value;
        command.Parameters["$from"].Value = query.FiledFrom is { } from ? CaseDocuments.FiledAtText(from) : DBNull.Value;
        command.Parameters["$before"].Value = query.FiledBefore is { } before ? CaseDocuments.FiledAtText(before) : DBNull.Value;
        command.Parameters["$after_at"].Value = (object?)after?.FiledAt ?? DBNull.Value;
        command.Parameters["$after_number"].Value = (object?)after?.CaseNumber ?? DBNull.Value;
        command.Parameters["$limit"].Value = query.PageSize + 1;
        var cases = await ReadCasesAsync(command, cancellationToken).ConfigureAwait(false);
        return cases.Count > query.PageSize
            ? new CasePage([.. cases.Take(query.PageSize)], CaseDocuments.ContinuationAfter(cases[query.PageSize - 1]))
            : new CasePage(cases, null);
    }

    private void SetParameters(SqliteCommand command, FiledCase filedCase, byte[] document)
    {
        command.Parameters["$number"].Value = filedCase.CaseNumber;
        command.Parameters["$filing"].Value = filedCase.FilingId;
        command.Parameters["$type"].Value = filedCase.Type.ToString();
        command.Parameters["$category"].Value = filedCase.Category;
        command.Parameters["$status"].Value = filedCase.Status;
        command.Parameters["$province"].Value = filedCase.Address.ProvinceCode;
        command.Parameters["$channel"].Value = filedCase.ChannelId;
        command.Parameters["$filed_at"].Value = CaseDocuments.FiledAtText(filedCase.FiledAt);
        command.Parameters["$cedula"].Value = CaseDocuments.CedulaIndex(protector, filedCase.Cedula);
        command.Parameters["$document"].Value = document;
        var progress = workflow?.Start(filedCase);
        command.Parameters["$team"].Value = (object?)progress?.Team.ToString() ?? DBNull.Value;
        command.Parameters["$due_at"].Value = SqliteCaseRows.Text(progress?.DueAt);
        command.Parameters["$at_risk_at"].Value = SqliteCaseRows.Text(progress?.AtRiskAt);
    }

    private async Task<List<FiledCase>> ReadCasesAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var cases = new List<FiledCase>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            cases.Add(CaseDocuments.Unprotect(protector, (byte[])reader.GetValue(1), reader.GetString(0)) with { Status = reader.GetString(2) });
        }
        return cases;
    }
}
