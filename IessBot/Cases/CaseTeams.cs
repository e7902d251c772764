namespace IessBot.Cases;

/// <summary>
/// Which team works a case (issue 7): quejas by the area of their category, denuncias always the specialised team
/// (reference/domain.md §4). The category codes are those of <c>Filing/Categories.cs</c>.
/// </summary>
public static class CaseTeams
{
    /// <summary>Quejas about health services; every other queja category (and an unknown one) is administrative.</summary>
    private static readonly Dictionary<string, CaseTeam> QuejaTeamByCategory = new(StringComparer.Ordinal)
    {
        ["tiempos-espera"] = CaseTeam.QuejasSalud,
        ["falta-capacidad"] = CaseTeam.QuejasSalud,
        ["maltrato-personal"] = CaseTeam.QuejasSalud,
        ["instalaciones"] = CaseTeam.QuejasAdministrativo,
        ["entrega-turnos"] = CaseTeam.QuejasAdministrativo,
        ["otro"] = CaseTeam.QuejasAdministrativo,
    };

    public static CaseTeam For(CaseType type, string category) => type switch
    {
        CaseType.Denuncia => CaseTeam.Denuncias,
        _ => QuejaTeamByCategory.GetValueOrDefault(category, CaseTeam.QuejasAdministrativo),
    };

    /// <summary>The team's name as staff read it.</summary>
    public static string DisplayName(CaseTeam team) => team switch
    {
        CaseTeam.QuejasSalud => "Quejas de salud",
        CaseTeam.QuejasAdministrativo => "Quejas administrativas",
        CaseTeam.Denuncias => "Denuncias",
        _ => team.ToString(),
    };
}
