using IessBot.Cases;

namespace IessBot.Filing.Texts;

/// <summary>
/// The data-protection notice shown before any personal data is asked for (LOPDP Arts. 8 and 12; checklist in
/// reference/domain.md §3), as a layered notice: a short first layer that fits one WhatsApp button message
/// (≤ 1024 characters, reference/whatsapp.md §5.5) and the full text on request.
/// LEGAL REVIEW: the reference marks the article list and wording "verify"; IESS legal must approve this text,
/// the retention wording, the rights channel and the DPD contact before production. Any change to the wording
/// needs a new <see cref="ConsentNoticeVersion"/>.
/// </summary>
public static class ConsentTexts
{
    /// <summary>Stored with each case (<see cref="ConsentRecord.NoticeVersion"/>): proves which text was accepted.</summary>
    public const string ConsentNoticeVersion = "2026-11-v1";

    public const string AcceptLabel = "Acepto";
    public const string DeclineLabel = "No acepto";
    public const string FullNoticeLabel = "Ver aviso completo";

    public static IReadOnlyList<string> Options { get; } = [AcceptLabel, DeclineLabel, FullNoticeLabel];

    public const string AlternativeMailbox = "gestiondenuncias@iess.gob.ec";
    public const string ControllerAddress = "Av. 10 de Agosto y Bogotá, Quito";

    public static string FirstLayer(CaseType type) =>
        "**Protección de sus datos personales**\n\n" +
        $"El **IESS** (Instituto Ecuatoriano de Seguridad Social) es responsable de sus datos. Los usaremos solo para registrar, analizar y responder su {Noun(type)} y contactarle sobre ella.\n\n" +
        "- Su relato puede contener datos de salud, que son **datos sensibles**: se guardan cifrados y con reserva.\n" +
        $"- {WhoSees(type)}\n" +
        "- Este asistente es automático; las decisiones sobre su caso las toman personas.\n" +
        "- Guardamos los datos el tiempo que exigen las normas de archivo público; luego se eliminan de forma segura.\n" +
        $"- Puede pedir acceso, rectificación, eliminación u oposición escribiendo a {AlternativeMailbox}; respondemos en **15 días**. " +
        "También puede reclamar ante la Superintendencia de Protección de Datos Personales (**SPDP**).\n\n" +
        "¿Acepta el uso de sus datos para este fin?";

    /// <summary>The second layer, as separate messages (each well under the 4096-character WhatsApp limit).</summary>
    public static IReadOnlyList<string> FullNotice(CaseType type) =>
    [
        "**Aviso de protección de datos personales** (versión " + ConsentNoticeVersion + ")\n\n" +
        "**1. Responsable.** Instituto Ecuatoriano de Seguridad Social (IESS), " + ControllerAddress + ". " +
        "Contacto para protección de datos: " + AlternativeMailbox + ".\n\n" +
        $"**2. Finalidad.** Registrar, analizar, resolver y dar seguimiento a su {Noun(type)}; contactarle para pedirle más información; " +
        "enviarle el número de caso y las respuestas. No usaremos sus datos para otro fin.\n\n" +
        "**3. Base legal.** La misión legal del IESS de atender las peticiones, quejas y denuncias de la ciudadanía, " +
        "y su consentimiento, que usted da al tocar *Acepto* y puede revocar en cualquier momento.\n\n" +
        "**4. Datos que pedimos.** Cédula, teléfono, correo electrónico, dirección (provincia, cantón, calle y referencia), " +
        "la descripción de los hechos y los archivos que adjunte. La cédula es necesaria para tramitar el caso y darle seguimiento. " +
        "Si los datos son incorrectos, es posible que no podamos contactarle ni responderle.",

        "**5. Datos sensibles.** Su descripción y sus archivos pueden contener datos de salud suyos o de otras personas. " +
        "Son datos sensibles: se guardan cifrados, con acceso restringido, y no se usan para entrenar sistemas. " +
        "Incluya datos de otras personas solo si son necesarios para entender los hechos.\n\n" +
        $"**6. Quién accede.** {WhoSeesFull(type)} " +
        "Los proveedores de nube y, si escribe por WhatsApp, Meta como proveedor del canal, procesan datos por cuenta del IESS; " +
        "esto puede implicar una transferencia internacional de datos.\n\n" +
        "**7. Tratamiento automatizado.** Este asistente y, en su caso, herramientas de clasificación automática ordenan los casos. " +
        "Ninguna decisión sobre su caso se toma solo de forma automática: la toman servidores del IESS.\n\n" +
        "**8. Conservación y seguridad.** Conservamos los datos el tiempo necesario para atender su caso y el que exigen las normas de archivo " +
        "del sector público; después se eliminan de forma segura. Aplicamos cifrado, control de accesos y registro de cada consulta.",

        "**9. Sus derechos.** Usted puede pedir acceso a sus datos, su rectificación o actualización, su eliminación, oponerse a su uso, " +
        "pedir su portabilidad o la suspensión del tratamiento, no ser objeto de decisiones solo automatizadas y revocar su consentimiento. " +
        $"Escriba a {AlternativeMailbox} o acuda al IESS, {ControllerAddress}. Le responderemos en un plazo de **15 días**.\n\n" +
        "**10. Reclamos.** Si no está conforme con la respuesta, puede presentar un reclamo ante la Superintendencia de Protección de Datos Personales (SPDP).\n\n" +
        "**11. Si no acepta.** No podremos registrar su caso por este canal; puede presentarlo escribiendo a " + AlternativeMailbox + ".",
    ];

    public const string AskAgainAfterFullNotice = "¿Acepta el uso de sus datos personales para este fin?";

    public const string NotUnderstood = "Por favor, toque *Acepto* o *No acepto*. Si desea leer el detalle, toque *Ver aviso completo*.";

    public static string Declined(CaseType type) =>
        $"Entendido. Sin su aceptación no podemos registrar su {Noun(type)} por este canal. " +
        $"Si lo desea, puede presentarla escribiendo a **{AlternativeMailbox}**. Escriba *menú* para volver al inicio.";

    private static string Noun(CaseType type) => type == CaseType.Denuncia ? "denuncia" : "queja";

    private static string WhoSees(CaseType type) => type == CaseType.Denuncia
        ? "Su denuncia la ve solo el equipo especializado del IESS y su identidad se mantiene en reserva. Si los hechos pueden ser delito, se remite a la Fiscalía o a la Contraloría."
        : "Su queja la ve solo el personal autorizado del IESS que debe atenderla.";

    private static string WhoSeesFull(CaseType type) => type == CaseType.Denuncia
        ? "Su denuncia la ve solo el equipo especializado del IESS, y su identidad se mantiene en reserva. " +
          "Si los hechos pueden constituir un delito o una irregularidad en el uso de recursos públicos, el IESS la remite a la " +
          "Fiscalía General del Estado, a la Contraloría General del Estado o a otra autoridad competente."
        : "Su queja la ve solo el personal autorizado de las unidades del IESS que deben atenderla.";
}
