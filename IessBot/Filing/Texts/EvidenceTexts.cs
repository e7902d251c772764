using System.Globalization;
using IessBot.Cases;

namespace IessBot.Filing.Texts;

/// <summary>
/// The evidence step (DESIGN.md step 8): PDF, JPG or PNG, 1 MB per file for a queja and 20 MB for a denuncia.
/// Limits are parameters so the texts always say what the Evidence settings enforce.
/// </summary>
public static class EvidenceTexts
{
    public const string DoneLabel = "Listo";
    public const string SkipLabel = FilingTexts.SkipLabel;

    /// <summary>DESIGN.md limits; the Evidence settings are the source of truth, these are the defaults the texts were written for.</summary>
    public const long DefaultQuejaMaxBytes = 1L * 1024 * 1024;
    public const long DefaultDenunciaMaxBytes = 20L * 1024 * 1024;
    public const int DefaultMaxFiles = 5;

    private static readonly CultureInfo Ecuador = CultureInfo.GetCultureInfo("es-EC");

    public static IReadOnlyList<string> Options { get; } = [DoneLabel, SkipLabel];

    public static string Prompt(CaseType type, long maxBytesPerFile, int maxFiles) =>
        $"Si tiene pruebas de su {FilingTexts.Noun(type)}, adjúntelas ahora: fotos o documentos en **PDF, JPG o PNG**, " +
        $"de hasta **{FormatSize(maxBytesPerFile)}** cada uno, máximo {maxFiles} archivos.\n\n" +
        "Cuando termine, toque *Listo*. Si no tiene archivos, toque *Omitir*.";

    public static string Received(int filesSoFar, int maxFiles) => filesSoFar >= maxFiles
        ? $"Archivo recibido ({filesSoFar} de {maxFiles}). Ya no puede adjuntar más; toque *Listo* para continuar."
        : $"Archivo recibido ({filesSoFar} de {maxFiles}). Puede adjuntar otro o tocar *Listo*.";

    public static string TooLarge(long maxBytesPerFile, string? fileName = null) =>
        $"{Subject(fileName)} pesa más de {FormatSize(maxBytesPerFile)}, el máximo por archivo. " +
        "Envíe una versión más liviana (por ejemplo, una foto con menor resolución) o toque *Listo* para continuar sin él.";

    public static string UnsupportedType(string? fileName = null) =>
        $"{Subject(fileName)} no es PDF, JPG ni PNG, así que no podemos recibirlo. Envíelo en uno de esos formatos o toque *Listo*.";

    public static string Empty(string? fileName = null) =>
        $"{Subject(fileName)} está vacío. Revíselo y envíelo de nuevo, o toque *Listo*.";

    public static string Unreadable(string? fileName = null) =>
        $"No pudimos leer {SubjectLower(fileName)}. Intente enviarlo de nuevo en unos minutos, o toque *Listo* para continuar sin él.";

    public static string Infected(string? fileName = null) =>
        $"{Subject(fileName)} no pasó la revisión de seguridad: contiene software malicioso, así que no lo guardamos. " +
        "Revise su dispositivo con un antivirus y envíe otro archivo, o toque *Listo* para continuar sin él.";

    public static string PdfActiveContent(string? fileName = null) =>
        $"{Subject(fileName)} es un PDF con contenido activo (JavaScript, acciones automáticas o archivos incrustados) y por seguridad no podemos recibirlo. " +
        "Ábralo y guárdelo con *Imprimir como PDF*, o envíe una foto del documento; o toque *Listo* para continuar sin él.";

    public static string Damaged(string? fileName = null) =>
        $"{Subject(fileName)} parece dañado o no pudimos revisarlo, así que no lo guardamos. " +
        "Envíelo de nuevo (o una foto del documento), o toque *Listo* para continuar sin él.";

    public static string ScanUnavailable(string? fileName = null) =>
        $"En este momento no pudimos revisar {SubjectLower(fileName)} para su seguridad. Intente enviarlo de nuevo en unos minutos, o toque *Listo* para continuar sin él.";

    public static string TooManyFiles(int maxFiles) =>
        $"Ya recibimos el máximo de {maxFiles} archivos; los demás no se guardaron. Toque *Listo* para continuar.";

    public const string NotAFile = "Para continuar, adjunte un archivo (PDF, JPG o PNG), o toque *Listo* si ya terminó u *Omitir* si no tiene archivos.";

    /// <summary>"1 MB", "20 MB", "500 KB": sizes as citizens read them (binary units, es-EC decimals).</summary>
    public static string FormatSize(long bytes)
    {
        const double Megabyte = 1024 * 1024;
        return bytes >= Megabyte
            ? $"{(bytes / Megabyte).ToString("0.#", Ecuador)} MB"
            : $"{Math.Max(1, bytes / 1024).ToString(Ecuador)} KB";
    }

    private static string Subject(string? fileName) => fileName is { Length: > 0 } ? $"El archivo «{fileName}»" : "El archivo";

    private static string SubjectLower(string? fileName) => fileName is { Length: > 0 } ? $"el archivo «{fileName}»" : "el archivo";
}
