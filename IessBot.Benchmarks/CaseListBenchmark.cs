using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using IessBot.Cases;
using IessBot.Storage;
using IessBot.Storage.Embedded;
using Microsoft.Extensions.Options;

namespace IessBot.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project IessBot.Benchmarks -- caselist [--cases 100000] [--iterations 100]</c>: seeds an
/// embedded store (a temporary SQLite file, encryption on) with cases spread over a year, the six queja categories and
/// denuncias, 24 provinces and every status, then times the first page of the staff list
/// (<see cref="SqliteCaseWorkflowStore.ListAsync"/>, count included) for several filter combinations, in process: the
/// server time of the list page without HTTP. Target (issue 7): under 100 ms.
/// </summary>
internal static class CaseListBenchmark
{
    private static readonly TimeSpan Ecuador = TimeSpan.FromHours(-5);
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 0, 0, Ecuador);
    private static readonly string[] QuejaCategories = ["tiempos-espera", "instalaciones", "maltrato-personal", "entrega-turnos", "falta-capacidad", "otro"];
    private static readonly string[] DenunciaCategories = ["robo-medicamentos", "coimas", "venta-cargos", "cobros-indebidos", "venta-medicinas", "otro"];
    private static readonly StaffActor Staff = new("bench", "Benchmark", new HashSet<string> { StaffRoles.Supervisor, StaffRoles.Denuncias });

    public static async Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(Option(args, "--cases", "100000"), CultureInfo.InvariantCulture);
        var iterations = int.Parse(Option(args, "--iterations", "100"), CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("iessbot-caselist-bench-").FullName;
        try
        {
            using var protector = new PersonalDataProtector(RandomNumberGenerator.GetBytes(PersonalDataProtector.KeySize));
            using var database = new SqliteDatabase(directory, TimeProvider.System);
            var workflow = new CaseWorkflow(new BusinessCalendar(), Options.Create(new CaseDeadlineOptions()));
            var store = new SqliteCaseWorkflowStore(database, protector, workflow);

            var seeding = Stopwatch.StartNew();
            var sample = CaseListSeed.Insert(database, protector, workflow, count, Now);
            seeding.Stop();
            Console.WriteLine($"IessBot staff list — {Environment.ProcessorCount} cores, {count:N0} cases seeded in {seeding.Elapsed.TotalSeconds:0.0} s " +
                $"({new FileInfo(database.FilePath).Length / 1048576.0:0} MB file), {iterations} timed runs per row after 5 warm-up runs, page size 50, total count included.");
            Console.WriteLine();
            Console.WriteLine("| filters | teams | matching cases | median ms | p95 ms | max ms |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|");

            var all = CaseAccess.TeamsVisibleTo(Staff);
            var salud = new HashSet<CaseTeam> { CaseTeam.QuejasSalud };
            var quejas = new HashSet<CaseTeam> { CaseTeam.QuejasSalud, CaseTeam.QuejasAdministrativo };
            var rows = new (string Name, CaseListQuery Query, IReadOnlySet<CaseTeam> Teams, string TeamsName)[]
            {
                ("none", new CaseListQuery(), all, "all three"),
                ("type Queja + status En análisis", new CaseListQuery { Type = CaseType.Queja, Status = CaseStatuses.InAnalysis }, all, "all three"),
                ("province 09 + filed in the last 30 days", new CaseListQuery { ProvinceCode = "09", FiledFrom = Now.AddDays(-30), FiledBefore = Now }, all, "all three"),
                ("SLA at risk", new CaseListQuery { Sla = SlaState.AtRisk }, all, "all three"),
                ("SLA overdue", new CaseListQuery { Sla = SlaState.Overdue }, all, "all three"),
                ("none (team restriction)", new CaseListQuery(), salud, "quejas-salud"),
                ("status Recibido (team restriction)", new CaseListQuery { Status = CaseStatuses.Received }, quejas, "both queja areas"),
                ("category + province + SLA on time", new CaseListQuery { Category = "tiempos-espera", ProvinceCode = "17", Sla = SlaState.OnTime }, all, "all three"),
                ("none, page 100", new CaseListQuery { Page = 100 }, all, "all three"),
                ("case number", new CaseListQuery { CaseNumber = sample }, all, "all three"),
            };
            foreach (var (name, query, teams, teamsName) in rows)
            {
                var (total, times) = await TimeAsync(store, query, teams, iterations);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {teamsName} | {total:N0} | {Percentile(times, 0.5):0.00} | {Percentile(times, 0.95):0.00} | {times[^1]:0.00} |"));
            }

            foreach (var (name, teams) in new[] { ("statistics, last 12 months", all), ("statistics, last 12 months, quejas-salud", (IReadOnlySet<CaseTeam>)salud) })
            {
                var query = new StatisticsQuery(Now.AddYears(-1), Now, teams);
                await store.StatisticsAsync(query, CancellationToken.None);
                var clock = Stopwatch.StartNew();
                var statistics = await store.StatisticsAsync(query, CancellationToken.None);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {(teams.Count == 3 ? "all three" : "quejas-salud")} | {statistics.ByType.Values.Sum():N0} | {clock.Elapsed.TotalMilliseconds:0.00} (one run) | | |"));
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(int Total, double[] Times)> TimeAsync(SqliteCaseWorkflowStore store, CaseListQuery query, IReadOnlySet<CaseTeam> teams, int iterations)
    {
        var total = 0;
        for (var i = 0; i < 5; i++)
        {
            total = (await store.ListAsync(query, teams, Now, CancellationToken.None)).TotalCount;
        }
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            await store.ListAsync(query, teams, Now, CancellationToken.None);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return (total, times);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }

    internal static string[] CategoriesOf(CaseType type) => type == CaseType.Denuncia ? DenunciaCategories : QuejaCategories;
}
