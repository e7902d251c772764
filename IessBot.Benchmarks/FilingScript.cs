namespace IessBot.Benchmarks;

/// <summary>
/// What a citizen types, step by step, to file a queja without evidence (synthetic data only). The benchmarks replay
/// it, and IessBot.Tests compiles this same file to prove it still reaches a case number.
/// </summary>
internal static class FilingScript
{
    internal static readonly string[] Answers =
    [
        "Registrar queja",
        "1",
        "Acepto",
        "1714307103",
        "0991234567",
        "ciudadano.prueba@example.com",
        "Pichincha",
        "Quito",
        "Av. 10 de Agosto N23-45 y Bogotá, junto al parque",
        "El 3 de noviembre esperé seis horas en el área de consulta externa sin que me atendieran.",
        "omitir",
        "omitir",
        "Confirmar",
    ];
}
