using IessBot.Cases;
using IessBot.Storage;
using IessBot.Storage.Embedded;

namespace IessBot.Benchmarks;

/// <summary>
/// Inserts cases straight into the embedded file, in one transaction: a real encrypted filing document and cédula
/// index per case (so the rows have their real size), and the progress the workflow would have given them by
/// <see cref="CaseWorkflow.Start"/> and a plausible history for its status.
/// </summary>
internal static class CaseListSeed
{
    private const string InsertSql = """
        INSERT INTO cases (case_number, filing_id, type, category, status, province_code, channel, filed_at, cedula_index, document,
            team, assignee_id, assignee_name, due_at, at_risk_at, paused_since, first_response_at, resolved_at, closed_at, version)
        VALUES ($number, $filing, $type, $category, $status, $province, $channel, $filed_at, $cedula, $document,
            $team, $assignee_id, $assignee_name, $due_at, $at_risk_at, $paused_since, $first_response_at, $resolved_at, $closed_at, 1)
        """;

    private static readonly string[] Channels = ["webchat", "whatsapp", "directline", "emulator"];

    /// <summary>Returns one of the case numbers, for the search row.</summary>
    public static string Insert(SqliteDatabase database, PersonalDataProtector protector, CaseWorkflow workflow, int count, DateTimeOffset now)
    {
        var random = new Random(20260615);
        string? sample = null;
        using var connection = database.Rent();
        using (var pragma = connection.Connection.CreateCommand())
        {
            // A large page cache for this connection only: the indexes of random case numbers and cédula hashes are
            // written all over the file.
            pragma.CommandText = "PRAGMA cache_size = -262144";
            pragma.ExecuteNonQuery();
        }
        using var transaction = connection.Connection.BeginTransaction();
        var insert = connection.Command(InsertSql, transaction);
        for (var i = 0; i < count; i++)
        {
            var filed = Filing(random, now);
            sample ??= filed.CaseNumber;
            var progress = Progress(random, workflow, filed, now);
            insert.Parameters["$filing"].Value = filed.FilingId;
            insert.Parameters["$type"].Value = filed.Type.ToString();
            insert.Parameters["$category"].Value = filed.Category;
            insert.Parameters["$province"].Value = filed.Address.ProvinceCode;
            insert.Parameters["$channel"].Value = filed.ChannelId;
            insert.Parameters["$filed_at"].Value = CaseDocuments.FiledAtText(filed.FiledAt);
            insert.Parameters["$cedula"].Value = CaseDocuments.CedulaIndex(protector, filed.Cedula);
            insert.Parameters["$document"].Value = CaseDocuments.Protect(protector, filed);
            SqliteCaseRows.SetProgress(insert, progress);
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return sample!;
    }

    private static FiledCase Filing(Random random, DateTimeOffset now)
    {
        // Three quejas for every denuncia; filed over the past year, during office hours and evenings.
        var type = random.Next(4) == 0 ? CaseType.Denuncia : CaseType.Queja;
        var categories = CaseListBenchmark.CategoriesOf(type);
        var province = (random.Next(24) + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        var filedAt = now.AddDays(-random.Next(365)).AddMinutes(-random.Next(14 * 60));
        return new FiledCase
        {
            CaseNumber = CaseNumber.New(type).Value,
            FilingId = Guid.NewGuid().ToString("N"),
            Type = type,
            Category = categories[random.Next(categories.Length)],
            Consent = new ConsentRecord("2025-01", filedAt),
            Cedula = random.NextInt64(1_000_000_000, 2_400_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Phone = "+59399" + random.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Email = $"ciudadano{random.Next(1_000_000)}@example.ec",
            Address = new HomeAddress(province, "Provincia", province + "01", "Cantón", "Av. 10 de Agosto N23-45 y Bogotá, junto al parque"),
            Description = "Esperé seis horas en el área de emergencias del hospital sin que nadie me atendiera ni me informara del turno asignado.",
            Place = random.Next(2) == 0 ? null : "Hospital Carlos Andrade Marín",
            ChannelId = Channels[random.Next(Channels.Length)],
            FiledAt = filedAt,
        };
    }

    /// <summary>Old cases are mostly finished; recent ones mostly open.</summary>
    private static CaseProgress Progress(Random random, CaseWorkflow workflow, FiledCase filed, DateTimeOffset now)
    {
        var progress = workflow.Start(filed);
        var age = (now - filed.FiledAt).TotalDays;
        var roll = random.NextDouble() * (age > 60 ? 1.0 : 0.6);
        var firstResponse = filed.FiledAt.AddHours(random.Next(1, 96));
        var assignee = $"staff-{random.Next(40)}";
        var worked = progress with { FirstResponseAt = firstResponse, AssigneeId = assignee, AssigneeName = "Funcionario " + assignee };
        var finishedAt = filed.FiledAt.AddDays(random.Next(2, 40));
        return roll switch
        {
            < 0.25 => progress,
            < 0.50 => worked with { Status = CaseStatuses.InAnalysis },
            < 0.60 => worked with { Status = CaseStatuses.InformationRequested, PausedSince = firstResponse.AddDays(1) },
            < 0.80 when filed.Type == CaseType.Denuncia => worked with { Status = CaseStatuses.Referred, ResolvedAt = finishedAt },
            < 0.80 => worked with { Status = CaseStatuses.Resolved, ResolvedAt = finishedAt },
            _ => worked with { Status = CaseStatuses.Closed, ResolvedAt = finishedAt, ClosedAt = finishedAt.AddDays(3) },
        };
    }
}
