using System.Globalization;

namespace IessBot.Filing.Texts;

/// <summary>
/// *Consultar mi caso*: case number, then cédula. A wrong pair and an unknown number get the same answer, so
/// the conversation never tells whether a case number exists.
/// </summary>
public static class LookupTexts
{
    /// <summary>Mainland Ecuador (UTC−5, no daylight saving): the dates citizens read.</summary>
    private static readonly TimeSpan EcuadorOffset = TimeSpan.FromHours(-5);

    private static readonly CultureInfo Ecuador = CultureInfo.GetCultureInfo("es-EC");

    public const string CaseNumberPrompt = "Escriba su **número de caso** (por ejemplo Q-7K3M-9XQ2-HT).";

    public const string CaseNumberMalformed =
        "Ese no parece un número de caso. Tiene la forma Q-XXXX-XXXX-XX para quejas o D-XXXX-XXXX-XX para denuncias; " +
        "lo encuentra en el mensaje de confirmación. Revíselo y escríbalo de nuevo.";

    public const string CedulaPrompt = "Ahora escriba la **cédula** con la que registró el caso.";

    public static string Found(string caseNumber, string status, DateTimeOffset filedAt) =>
        $"Su caso **{caseNumber}** está en estado **{status}**. Fue registrado el {FormatDate(filedAt)}.";

    public const string NotFound =
        "No encontramos un caso con ese número y esa cédula. Revise los datos e intente de nuevo, o escriba a gestiondenuncias@iess.gob.ec.";

    public const string Cancelled = "Se canceló la consulta.";

    public const string GaveUp =
        "No pudimos continuar la consulta después de varios intentos. Puede intentarlo de nuevo desde el menú, o escribir a gestiondenuncias@iess.gob.ec.";

    /// <summary>"3 de marzo de 2026".</summary>
    public static string FormatDate(DateTimeOffset instant) =>
        instant.ToOffset(EcuadorOffset).ToString("d 'de' MMMM 'de' yyyy", Ecuador);
}
