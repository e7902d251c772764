using System.Globalization;
using System.Net;
using IessBot.Cases;
using IessBot.Filing.Texts;

namespace IessBot.Notifications;

/// <summary>
/// The confirmation e-mail, in Spanish (usted). A mailbox is not a safe place: the e-mail says only that the case
/// exists, its number, type and date, how to follow it and how to exercise data-protection rights (LOPDP Arts.
/// 13–18) — never the description, the address, the cédula or the evidence.
/// </summary>
public static class ConfirmationEmailTexts
{
    public const string Institution = "Instituto Ecuatoriano de Seguridad Social";
    private const string Blue = "#003B71";
    private const string Green = "#00843D";

    private static readonly CultureInfo Ecuador = CultureInfo.GetCultureInfo("es-EC");
    private static readonly TimeZoneInfo EcuadorTime = TimeZoneInfo.FindSystemTimeZoneById("America/Guayaquil");

    public static string Subject(CaseType type, string caseNumber) => $"IESS: recibimos su {Noun(type)} {caseNumber}";

    /// <summary>"1 de marzo de 2025, 10:05 (hora de Ecuador)".</summary>
    public static string FormatDate(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, EcuadorTime).ToString("d 'de' MMMM 'de' yyyy, HH:mm", Ecuador) + " (hora de Ecuador)";

    public static string Text(CaseType type, string caseNumber, DateTimeOffset filedAt) =>
        $"""
        {Institution}

        Recibimos su {Noun(type)}.

        Número de caso: {caseNumber}
        Tipo: {Title(type)}
        Fecha de registro: {FormatDate(filedAt)}

        Guarde este número. Para conocer el estado de su caso, escriba "Consultar mi caso" en el chat del IESS donde lo registró e ingrese el número de caso y su cédula.

        {Reserve(type)}

        Sus datos personales: puede pedir acceso, rectificación, eliminación, oposición o portabilidad escribiendo a {ConsentTexts.AlternativeMailbox}; respondemos en 15 días. También puede reclamar ante la Superintendencia de Protección de Datos Personales (SPDP).

        Este es un mensaje automático; no responda a este correo.
        """;

    public static string Html(CaseType type, string caseNumber, DateTimeOffset filedAt)
    {
        var number = WebUtility.HtmlEncode(caseNumber);
        var mailbox = WebUtility.HtmlEncode(ConsentTexts.AlternativeMailbox);
        return Frame(Subject(type, caseNumber), $"""
            <p style="margin:0 0 16px;">Recibimos su {Noun(type)}.</p>
            <table role="presentation" cellpadding="0" cellspacing="0" style="border-left:4px solid {Green};background:#f5faf7;padding:12px 16px;margin:0 0 16px;width:100%;">
            <tr><td style="padding:4px 12px;">Número de caso: <strong style="font-size:18px;">{number}</strong></td></tr>
            <tr><td style="padding:4px 12px;">Tipo: {Title(type)}</td></tr>
            <tr><td style="padding:4px 12px;">Fecha de registro: {WebUtility.HtmlEncode(FormatDate(filedAt))}</td></tr>
            </table>
            <p style="margin:0 0 16px;">Guarde este número. Para conocer el estado de su caso, escriba <strong>Consultar mi caso</strong> en el chat del IESS donde lo registró e ingrese el número de caso y su cédula.</p>
            <p style="margin:0 0 16px;">{Reserve(type)}</p>
            <p style="margin:0 0 16px;font-size:13px;color:#52606d;"><strong>Sus datos personales:</strong> puede pedir acceso, rectificación, eliminación, oposición o portabilidad escribiendo a <a href="mailto:{mailbox}" style="color:{Blue};">{mailbox}</a>; respondemos en 15 días. También puede reclamar ante la Superintendencia de Protección de Datos Personales (SPDP).</p>
            """);
    }

    /// <summary>The IESS frame of every e-mail to citizens (header, white card, automatic-message footer) around <paramref name="bodyHtml"/>.</summary>
    internal static string Frame(string subject, string bodyHtml) => $"""
        <!DOCTYPE html>
        <html lang="es"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(subject)}</title></head>
        <body style="margin:0;padding:0;background:#f2f4f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f2f4f7;padding:24px 0;"><tr><td align="center">
        <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:6px;overflow:hidden;">
        <tr><td style="background:{Blue};color:#ffffff;padding:20px 24px;font-size:20px;font-weight:bold;">IESS<span style="display:block;font-size:13px;font-weight:normal;">{Institution}</span></td></tr>
        <tr><td style="padding:24px;font-size:15px;line-height:1.5;">
        {bodyHtml}
        </td></tr>
        <tr><td style="background:#e4e7eb;padding:12px 24px;font-size:12px;color:#52606d;">Este es un mensaje automático; no responda a este correo.</td></tr>
        </table></td></tr></table>
        </body></html>
        """;

    /// <summary>The highlighted box of an e-mail (the case number, a request, a resolution).</summary>
    internal static string Highlight(string innerHtml) =>
        $"""<div style="border-left:4px solid {Green};background:#f5faf7;padding:12px 16px;margin:0 0 16px;">{innerHtml}</div>""";

    private static string Reserve(CaseType type) => type == CaseType.Denuncia
        ? "Su denuncia se tramita con reserva. Por su seguridad, este correo no repite lo que usted nos contó."
        : "Por su seguridad, este correo no repite lo que usted nos contó.";

    internal static string Noun(CaseType type) => type == CaseType.Denuncia ? "denuncia" : "queja";

    internal static string Title(CaseType type) => type == CaseType.Denuncia ? "Denuncia" : "Queja";
}
