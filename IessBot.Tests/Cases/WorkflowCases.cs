using IessBot.Cases;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.Cases;

/// <summary>Filed cases, staff and a workflow with the default deadlines, for the workflow tests.</summary>
internal static class WorkflowCases
{
    public static readonly TimeSpan Ecuador = TimeSpan.FromHours(-5);

    /// <summary>Monday 2 March 2026, 10:00 in Quito.</summary>
    public static readonly DateTimeOffset FiledAt = new(2026, 3, 2, 10, 0, 0, Ecuador);

    public static readonly StaffActor Salud = new("u-salud", "Ana Salud", new HashSet<string> { StaffRoles.QuejasSalud });
    public static readonly StaffActor Salud2 = new("u-salud-2", "Luis Salud", new HashSet<string> { StaffRoles.QuejasSalud });
    public static readonly StaffActor Administrativo = new("u-adm", "Rosa Adm", new HashSet<string> { StaffRoles.QuejasAdministrativo });
    public static readonly StaffActor Denuncias = new("u-den", "Pedro Den", new HashSet<string> { StaffRoles.Denuncias });
    public static readonly StaffActor Supervisor = new("u-sup", "Carmen Sup", new HashSet<string> { StaffRoles.Supervisor });
    public static readonly StaffActor Auditor = new("u-aud", "Juan Aud", new HashSet<string> { StaffRoles.Auditor });

    public static CaseWorkflow Workflow(CaseDeadlineOptions? deadlines = null) =>
        new(new BusinessCalendar(), Options.Create(deadlines ?? new CaseDeadlineOptions()));

    public static DateTimeOffset At(int month, int day, int hour = 9) => new(2026, month, day, hour, 0, 0, Ecuador);

    public static FiledCase Filed(CaseType type = CaseType.Queja, string category = "tiempos-espera", DateTimeOffset? filedAt = null) => new()
    {
        CaseNumber = CaseNumber.New(type).Value,
        FilingId = Guid.NewGuid().ToString("N"),
        Type = type,
        Category = category,
        Consent = new ConsentRecord("2025-01", filedAt ?? FiledAt),
        Cedula = "1710034065",
        Phone = "+593991234567",
        Email = "maria.perez@example.ec",
        Address = new HomeAddress("17", "Pichincha", "1701", "Quito", "Av. Amazonas N34-120"),
        Description = "Esperé seis horas en el hospital sin ser atendida por nadie.",
        ChannelId = "webchat",
        FiledAt = filedAt ?? FiledAt,
    };

    public static CaseFile Open(CaseWorkflow workflow, FiledCase filed) =>
        new(filed, workflow.Start(filed), [CaseWorkflow.FiledEvent(filed)]);

    /// <summary>What a store does with a change: the new version and the events appended.</summary>
    public static CaseFile Apply(CaseFile file, CaseChange change) =>
        new(file.Filing with { Status = change.Progress.Status },
            change.Progress with { Version = change.Progress.Version + 1 },
            [.. file.Timeline, .. change.Events]);
}
