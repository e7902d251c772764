namespace IessBot.WhatsApp;

/// <summary>What the citizen reads from the WhatsApp channel itself (not from a dialog). es-EC, formal usted.</summary>
public static class WhatsAppTexts
{
    /// <summary>Audio, video, stickers, locations, contacts, reactions and anything WhatsApp marks unsupported (reference §2.3).</summary>
    public const string NotSupported =
        "Por este medio puedo recibir mensajes de texto y, como pruebas, fotos o documentos en PDF, JPG o PNG. " +
        "No puedo procesar audios, videos, stickers, ubicaciones, contactos ni reacciones. Por favor, escriba su respuesta.";

    /// <summary>WhatsApp did not deliver a file over 100 MB (error 131052, reference §2.7).</summary>
    public const string MediaTooLarge =
        "Su archivo es demasiado grande para recibirlo por WhatsApp. Envíe una versión más liviana en PDF, JPG o PNG.";

    /// <summary>The body of a button or list message whose question was sent just before (reference §7.3: interactive bodies are required).</summary>
    public const string ChooseOption = "Seleccione una opción:";

    /// <summary>The label that opens a list (≤ 20 characters, reference §5.6).</summary>
    public const string ListButton = "Ver opciones";

    public const string ListSection = "Opciones";
}
