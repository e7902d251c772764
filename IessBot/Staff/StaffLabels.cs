using IessBot.Cases;
using IessBot.Filing;
using IessBot.Filing.Geography;

namespace IessBot.Staff;

/// <summary>The Spanish words staff read for codes and enums (one place, for review and translation).</summary>
public static class StaffLabels
{
    public static string Of(CaseType type) => type switch
    {
        CaseType.Queja => "Queja",
        CaseType.Denuncia => "Denuncia",
        _ => type.ToString(),
    };

    /// <summary>The team's name as the workflow's own messages say it.</summary>
    public static string Of(CaseTeam team) => CaseTeams.DisplayName(team);

    /// <summary>The SLA state in words: the list never relies on colour alone.</summary>
    public static string Of(SlaState sla) => sla switch
    {
        SlaState.OnTime => "A tiempo",
        SlaState.AtRisk => "En riesgo",
        SlaState.Overdue => "Vencido",
        SlaState.Paused => "En pausa",
        SlaState.Finished => "Finalizado",
        _ => sla.ToString(),
    };

    /// <summary>The SLA's class in casos.css: colour and an icon-free weight; the words carry the meaning.</summary>
    public static string CssClass(SlaState sla) => sla switch
    {
        SlaState.OnTime => "estado-a-tiempo",
        SlaState.AtRisk => "estado-en-riesgo",
        SlaState.Overdue => "estado-vencido",
        SlaState.Paused => "estado-en-pausa",
        _ => "estado-finalizado",
    };

    public static string Of(CaseEventKind kind) => kind switch
    {
        CaseEventKind.Filed => "Caso registrado",
        CaseEventKind.Assigned => "Asignación",
        CaseEventKind.TeamChanged => "Cambio de área",
        CaseEventKind.StatusChanged => "Cambio de estado",
        CaseEventKind.NoteAdded => "Nota interna",
        CaseEventKind.InformationRequested => "Solicitud de información al ciudadano",
        CaseEventKind.CitizenAnswered => "Respuesta del ciudadano",
        CaseEventKind.Resolved => "Resolución",
        CaseEventKind.Referred => "Remitido a autoridad externa",
        CaseEventKind.Closed => "Caso cerrado",
        _ => kind.ToString(),
    };

    public static string Category(CaseType type, string code) => Categories.FindByCode(type, code)?.FullName ?? code;

    /// <summary>Every category of both types, labelled with the type where the same code exists in both ("otro").</summary>
    public static IReadOnlyList<(string Code, string Label)> AllCategories { get; } =
    [
        .. Categories.Quejas.Where(c => c.Code != Categories.OtherCode).Select(c => (c.Code, $"{c.FullName} (queja)")),
        .. Categories.Denuncias.Where(c => c.Code != Categories.OtherCode).Select(c => (c.Code, $"{c.FullName} (denuncia)")),
        (Categories.OtherCode, "Otro"),
    ];

    public static string Province(string code) => EcuadorDpa.Instance.FindProvince(code)?.Name ?? code;

    public static IReadOnlyList<Province> Provinces => EcuadorDpa.Instance.Provinces;

    public static string Date(DateTimeOffset at) => Ecuador(at).ToString("dd/MM/yyyy", Spanish);

    public static string DateTime(DateTimeOffset at) => Ecuador(at).ToString("dd/MM/yyyy HH:mm", Spanish);

    public static string Duration(TimeSpan? span) => span switch
    {
        null => "sin datos",
        { TotalDays: >= 1 } s => string.Create(Spanish, $"{s.TotalDays:0.#} días"),
        { } s => string.Create(Spanish, $"{s.TotalHours:0.#} horas"),
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(Spanish, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(Spanish, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    public static System.Globalization.CultureInfo Spanish { get; } = System.Globalization.CultureInfo.GetCultureInfo("es-EC");

    /// <summary>Ecuador's mainland time (UTC−5, no daylight saving): staff read local dates.</summary>
    private static DateTimeOffset Ecuador(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(-5));
}
