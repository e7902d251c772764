using System.Globalization;
using IessBot.Cases;

namespace IessBot.Filing.Texts;

/// <summary>
/// *Consultar mi caso*: case number, then cédula. A wrong pair and an unknown number get the same answer, so
/// the conversation never tells whether a case number exists. When the IESS waits for the citizen, the answer
/// (text, then files) is taken here too.
/// </summary>
public static class LookupTexts
{
    /// <summary>Mainland Ecuador (UTC−5, no daylight saving): the dates citizens read.</summary>
    private static readonly TimeSpan EcuadorOffset = TimeSpan.FromHours(-5);

    private static readonly CultureInfo Ecuador = CultureInfo.GetCultureInfo("es-EC");

    public const string Contact = "gestiondenuncias@iess.gob.ec";

    public const string CaseNumberPrompt = "Escriba su **número de caso** (por ejemplo Q-7K3M-9XQ2-HT).";

    public const string CaseNumberMalformed =
        "Ese no parece un número de caso. Tiene la forma Q-XXXX-XXXX-XX para quejas o D-XXXX-XXXX-XX para denuncias; " +
        "lo encuentra en el mensaje de confirmación. Revíselo y escríbalo de nuevo.";

    public const string CedulaPrompt = "Ahora escriba la **cédula** con la que registró el caso.";

    /// <summary>The status line: number, type, status and filing date.</summary>
    public static string Found(string caseNumber, string status, DateTimeOffset filedAt) =>
        $"Su caso **{caseNumber}** está en estado **{status}**. Fue registrado el {FormatDate(filedAt)}.";

    /// <summary>What *Consultar mi caso* shows: the status, the last public message of the IESS, and what is expected of the citizen.</summary>
    public static string Found(CitizenCaseView view)
    {
        var parts = new List<string> { Found(view.CaseNumber, view.Status, view.FiledAt) };
        if (view.LastPublicMessage is { Text: { Length: > 0 } text } message)
        {
            parts.Add(message.Kind == CaseEventKind.Resolved
                ? $"**Resolución** del {FormatDate(message.At)}:\n\n{Quote(text)}"
                : $"**Mensaje del IESS** del {FormatDate(message.At)}:\n\n{Quote(text)}");
        }
        parts.Add(Expected(view));
        return string.Join("\n\n", parts);
    }

    private static string Expected(CitizenCaseView view) => view switch
    {
        { AwaitingCitizen: true, AnswerBy: { } by } => $"**El IESS espera su respuesta** hasta el {FormatDate(by)}.",
        { AwaitingCitizen: true } => "**El IESS espera su respuesta.**",
        { Status: CaseStatuses.Resolved or CaseStatuses.Closed } => "Su caso está concluido; no necesita hacer nada más.",
        { Status: CaseStatuses.Referred } => "Su denuncia fue remitida a la autoridad competente; no necesita hacer nada más por ahora.",
        _ => "Por ahora no necesita hacer nada: le avisaremos por este medio y por correo cuando haya novedades.",
    };

    public const string NotFound =
        "No encontramos un caso con ese número y esa cédula. Revise los datos e intente de nuevo, o escriba a " + Contact + ".";

    /// <summary>Too many failed lookups from this user or against this number (<see cref="Lookup.LookupThrottle"/>).</summary>
    public static string Throttled(TimeSpan retryAfter) =>
        "Por su seguridad, pausamos las consultas después de varios intentos sin coincidencia. " +
        $"Intente de nuevo en {Minutes(retryAfter)}, o escriba a {Contact}.";

    public const string Cancelled = "Se canceló la consulta.";

    public const string GaveUp =
        "No pudimos continuar la consulta después de varios intentos. Puede intentarlo de nuevo desde el menú, o escribir a " + Contact + ".";

    public const string AnswerNowLabel = "Responder ahora";
    public const string AnswerLaterLabel = "Más tarde";

    public static IReadOnlyList<string> AnswerOfferOptions { get; } = [AnswerNowLabel, AnswerLaterLabel];

    public const string AnswerOfferPrompt = "¿Desea responder ahora?";

    public const string AnswerOfferNotUnderstood = "Elija *Responder ahora* o *Más tarde*.";

    public const string AnswerLater =
        "Puede responder cuando quiera: escriba *Consultar mi caso* e ingrese su número de caso y su cédula.";

    public const string AnswerPrompt =
        "Escriba su **respuesta** al IESS en un solo mensaje. Después podrá adjuntar documentos o fotos.";

    public const string AnswerEmpty = "Su respuesta está vacía. Escriba lo que el IESS le pidió, en un solo mensaje.";

    public static string AnswerTooLong(int maxLength) =>
        $"Su respuesta es demasiado larga: el máximo es {maxLength.ToString("N0", Ecuador)} caracteres. Resúmala, y si tiene documentos, adjúntelos en el siguiente paso.";

    public static string AnswerEvidencePrompt(long maxBytesPerFile, int maxFiles) =>
        "Si quiere acompañar su respuesta con documentos o fotos, adjúntelos ahora: **PDF, JPG o PNG**, " +
        $"de hasta **{EvidenceTexts.FormatSize(maxBytesPerFile)}** cada uno, máximo {maxFiles} archivos.\n\n" +
        "Cuando termine, toque *Listo*. Si no tiene archivos, toque *Omitir*.";

    public const string SendLabel = "Enviar respuesta";
    public const string DiscardLabel = "No enviar";

    public static IReadOnlyList<string> ConfirmOptions { get; } = [SendLabel, DiscardLabel];

    public static string AnswerSummary(string caseNumber, string answer, int fileCount) =>
        $"Esta es su respuesta para el caso **{caseNumber}**:\n\n{Quote(answer)}\n\n" +
        (fileCount switch { 0 => "Sin archivos adjuntos.", 1 => "Con 1 archivo adjunto.", _ => $"Con {fileCount} archivos adjuntos." }) +
        "\n\n¿La enviamos al IESS?";

    public const string ConfirmNotUnderstood = "Elija *Enviar respuesta* o *No enviar*.";

    public static string AnswerSent(string caseNumber) =>
        $"Enviamos su respuesta. Su caso **{caseNumber}** vuelve a estar **{CaseStatuses.InAnalysis}**; le avisaremos cuando haya novedades.";

    public const string AnswerDiscarded =
        "No enviamos su respuesta. Puede responder más tarde desde *Consultar mi caso*.";

    public const string NoLongerAwaiting =
        "Su caso ya no espera una respuesta suya, así que no la enviamos. Escriba *Consultar mi caso* para ver su estado.";

    public const string AnswerFailed =
        "No pudimos enviar su respuesta en este momento. Intente de nuevo en unos minutos desde *Consultar mi caso*.";

    public const string AnswerGaveUp =
        "No pudimos continuar con su respuesta después de varios intentos; no enviamos nada. Puede intentarlo de nuevo desde *Consultar mi caso*.";

    /// <summary>"3 de marzo de 2026".</summary>
    public static string FormatDate(DateTimeOffset instant) =>
        instant.ToOffset(EcuadorOffset).ToString("d 'de' MMMM 'de' yyyy", Ecuador);

    public static string FormatDate(DateOnly date) => date.ToString("d 'de' MMMM 'de' yyyy", Ecuador);

    /// <summary>Each line as a Markdown quote, so staff's text reads apart from the bot's.</summary>
    private static string Quote(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(line => "> " + line));

    private static string Minutes(TimeSpan span)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(span.TotalMinutes));
        return minutes == 1 ? "1 minuto" : $"{minutes} minutos";
    }
}
