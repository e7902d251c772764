using IessBot.Filing.Dialogs;

namespace IessBot.Filing.Texts;

/// <summary>
/// What *ayuda* says at each step (DESIGN.md: "ayuda works at any step"): what the step needs and why, then
/// the commands. The question that was waiting is asked again right after, so these texts do not repeat it.
/// </summary>
public static class HelpTexts
{
    public const string Commands = "Puede escribir *cancelar* para dejar el registro o *menú* para volver al inicio.";

    private static readonly Dictionary<string, string> ByPrompt = new(StringComparer.Ordinal)
    {
        [PromptIds.Category] = "Elija el tema que mejor describe lo ocurrido. Si ninguno encaja, elija *Otro* y cuéntelo en la descripción.",
        [PromptIds.Consent] = "Para registrar su caso necesitamos su aceptación del uso de sus datos personales. Toque *Ver aviso completo* para leer el detalle. Si no acepta, puede escribir a gestiondenuncias@iess.gob.ec.",
        [PromptIds.Cedula] = "La cédula sirve para tramitar su caso y para que solo usted pueda consultarlo. Escriba los 10 dígitos, sin guiones; por ejemplo 1714307103.",
        [PromptIds.PhoneOffer] = "Podemos llamarle o escribirle al número desde el que nos escribe, o a otro que usted indique.",
        [PromptIds.Phone] = "El teléfono sirve para contactarle si necesitamos más información. Un celular tiene 10 dígitos (09XXXXXXXX); un fijo lleva el código de provincia (02XXXXXXX).",
        [PromptIds.Email] = "Al correo le enviaremos la confirmación y el número de su caso. Escríbalo completo, por ejemplo nombre@correo.com.",
        [PromptIds.Province] = "Escriba el nombre de la provincia donde vive, o su número en la lista. No importa si no pone tildes.",
        [PromptIds.ProvinceChoice] = "Ese nombre corresponde a más de una provincia. Elija la suya en la lista.",
        [PromptIds.Canton] = "Escriba el nombre del cantón (la ciudad o el municipio) donde vive, o su número en la lista. Si la provincia no es la correcta, toque *Cambiar provincia*.",
        [PromptIds.CantonChoice] = "Ese nombre corresponde a más de un cantón. Elija el suyo en la lista.",
        [PromptIds.Street] = "Escriba en un solo mensaje la calle principal, el número de casa (o S/N), la calle secundaria y una referencia, por ejemplo: Av. 10 de Agosto N23-45 y Bogotá, junto al parque.",
        [PromptIds.Description] = "Cuente con sus palabras dónde y cuándo ocurrió, quiénes participaron y qué pasó. Entre más detalles, mejor podremos atenderle.",
        [PromptIds.Place] = "Escriba el nombre del hospital, centro de salud, dispensario o agencia del IESS donde ocurrió. Si no aplica, toque *Omitir*.",
        [PromptIds.Evidence] = "Puede adjuntar fotos o documentos (PDF, JPG o PNG) con el botón de adjuntar (el clip). Cuando termine, toque *Listo*; si no tiene archivos, toque *Omitir*.",
        [PromptIds.Summary] = "Revise sus datos. *Confirmar* registra el caso; *Corregir* le deja cambiar un dato; *Cancelar* deja el registro sin guardar nada.",
        [PromptIds.Correction] = "Elija el dato que quiere cambiar. Se lo preguntaremos de nuevo y volveremos al resumen.",
        [PromptIds.CaseNumber] = "El número de caso está en el mensaje de confirmación y en el correo que le enviamos; tiene la forma Q-XXXX-XXXX-XX (queja) o D-XXXX-XXXX-XX (denuncia).",
        [PromptIds.LookupCedula] = "Escriba la cédula con la que registró el caso. Solo mostramos el estado si el número de caso y la cédula coinciden.",
        [PromptIds.AnswerOffer] = "El IESS le pidió información para continuar con su caso. *Responder ahora* le deja escribir su respuesta y adjuntar documentos; *Más tarde* la deja para otro momento.",
        [PromptIds.AnswerText] = "Escriba en un solo mensaje lo que el IESS le pidió. En el siguiente paso podrá adjuntar documentos o fotos (PDF, JPG o PNG).",
        [PromptIds.AnswerConfirm] = "*Enviar respuesta* la entrega al IESS y su caso vuelve a análisis; *No enviar* la descarta sin guardar nada.",
    };

    /// <summary>The help for the prompt that is waiting; the general help when none is (or at the menu).</summary>
    public static string For(string? promptId) =>
        promptId is not null && ByPrompt.TryGetValue(promptId, out var help)
            ? $"**Ayuda**\n\n{help}\n\n{Commands}"
            : MenuTexts.Help;

    /// <summary>Every step help as the citizen reads it, for reviews and tests.</summary>
    public static IEnumerable<(string PromptId, string Text)> All() => ByPrompt.Keys.Select(id => (id, For(id)));
}
