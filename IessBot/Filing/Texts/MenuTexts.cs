namespace IessBot.Filing.Texts;

/// <summary>
/// What the citizen reads around the filing: greeting, main menu, the commands that work at any step, errors.
/// Markdown as in Activity.text (the WhatsApp adapter converts it). es-EC, formal usted.
/// </summary>
public static class MenuTexts
{
    public const string FileQuejaLabel = "Registrar queja";
    public const string FileDenunciaLabel = "Registrar denuncia";
    public const string LookupCaseLabel = "Consultar mi caso";
    public const string HelpLabel = "Ayuda";

    /// <summary>Words that work at any step (DESIGN.md: "Typing cancelar, ayuda or menú works at any step").</summary>
    public const string CancelKeyword = "cancelar";
    public const string HelpKeyword = "ayuda";
    public const string MenuKeyword = "menú";

    public static IReadOnlyList<string> MenuOptions { get; } = [FileQuejaLabel, FileDenunciaLabel, LookupCaseLabel, HelpLabel];

    public const string Greeting =
        "Hola, soy el asistente virtual del **IESS** para quejas y denuncias. Atiendo las 24 horas.\n\n" +
        "¿Qué desea hacer?";

    public const string MenuPrompt = "¿Qué desea hacer? Elija una opción:";

    /// <summary>The menu right after a filing: the case number again, in the last message the citizen sees.</summary>
    public static string MenuAfterFiling(string caseNumber) =>
        $"Su número de caso es **{caseNumber}**. ¿Desea hacer algo más? Elija una opción:";

    public const string MenuNotUnderstood =
        "No entendí su respuesta. Elija una opción: *Registrar queja*, *Registrar denuncia*, *Consultar mi caso* o *Ayuda*.";

    public const string Help =
        "**Ayuda**\n\n" +
        "- **Queja:** un problema con la atención del IESS (maltrato, demoras, turnos, instalaciones).\n" +
        "- **Denuncia:** un posible acto de corrupción (coimas, robo de medicinas, cobros indebidos). Se trata con reserva.\n" +
        "- **Consultar mi caso:** el estado de un caso, con su número de caso y su cédula.\n\n" +
        "En cualquier momento puede escribir *menú* para volver al inicio o *cancelar* para dejar el registro.\n\n" +
        "También puede escribir a gestiondenuncias@iess.gob.ec.";

    /// <summary>After *ayuda* in the middle of a filing: the filing continues at the same step.</summary>
    public const string HelpResume = "Sigamos donde nos quedamos.";

    public const string Cancelled =
        "Se canceló el registro; no se creó ningún caso. Cuando lo desee, escriba *menú* para empezar de nuevo.";

    public const string BackToMenu = "Volvimos al menú principal. El registro que estaba en curso se canceló.";

    public const string TooManyAttempts =
        "No pudimos continuar después de varios intentos, así que se canceló este registro. " +
        "Puede empezar de nuevo escribiendo *menú*, o escribir a gestiondenuncias@iess.gob.ec.";

    public const string ConversationRestarted =
        "Disculpe, actualizamos el servicio y su conversación tuvo que empezar de nuevo. " +
        "Ningún dato a medio registrar quedó guardado.";

    public const string GenericError =
        "Lo sentimos, ocurrió un problema de nuestra parte. Por favor, intente de nuevo en unos minutos. " +
        "Si el problema continúa, escriba a gestiondenuncias@iess.gob.ec.";
}
