using IessBot.Cases;

namespace IessBot.Notifications;

/// <summary>
/// What a citizen reads when staff ask for information or resolve their case: the e-mail and the chat message, in
/// Spanish (usted). They carry staff's text (it is addressed to the citizen) and the case number, never the
/// citizen's own data (cédula, address, description).
/// </summary>
public static class CitizenNoticeTexts
{
    public const string LookupCommand = "Consultar mi caso";

    public static string Subject(CaseEventKind kind, CaseType type, string caseNumber) => kind == CaseEventKind.Resolved
        ? $"IESS: resolución de su {Noun(type)} {caseNumber}"
        : $"IESS: necesitamos información sobre su {Noun(type)} {caseNumber}";

    /// <summary>One line, for a WhatsApp template parameter (no line breaks, no runs of spaces; reference/whatsapp.md §5.8).</summary>
    public static string News(CaseEventKind kind) => kind == CaseEventKind.Resolved
        ? $"Su caso fue resuelto. Escriba {LookupCommand} para ver la resolución."
        : $"El IESS necesita información adicional. Escriba {LookupCommand} para verla y responder.";

    public static string Chat(CaseEventKind kind, CaseType type, string caseNumber, string text, int answerBusinessDays) => kind == CaseEventKind.Resolved
        ? $"""
          **IESS · caso {caseNumber}**

          Su {Noun(type)} fue resuelta. Esta es la respuesta del IESS:

          {Quote(text)}

          Puede verla de nuevo cuando quiera: escriba *{LookupCommand}*.
          """
        : $"""
          **IESS · caso {caseNumber}**

          Para continuar con su {Noun(type)}, el IESS le pide:

          {Quote(text)}

          Para responder, escriba *{LookupCommand}*, ingrese su número de caso y su cédula y elija *Responder ahora*; puede adjuntar documentos (PDF, JPG o PNG). Tiene {answerBusinessDays} días hábiles.
          """;

    public static string EmailText(CaseEventKind kind, CaseType type, string caseNumber, string text, DateTimeOffset at, int answerBusinessDays) =>
        $"""
        {ConfirmationEmailTexts.Institution}

        {Lead(kind, type, caseNumber, at)}

        {text}

        {Closing(kind, answerBusinessDays)}

        Este es un mensaje automático; no responda a este correo.
        """;

    public static string EmailHtml(CaseEventKind kind, CaseType type, string caseNumber, string text, DateTimeOffset at, int answerBusinessDays)
    {
        var paragraphs = string.Join("", text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => $"""<p style="margin:0 0 8px;">{Escape(line)}</p>"""));
        return ConfirmationEmailTexts.Frame(Subject(kind, type, caseNumber), $"""
            <p style="margin:0 0 16px;">{Escape(Lead(kind, type, caseNumber, at))}</p>
            {ConfirmationEmailTexts.Highlight(paragraphs)}
            <p style="margin:0 0 16px;">{Escape(Closing(kind, answerBusinessDays))}</p>
            """);
    }

    private static string Lead(CaseEventKind kind, CaseType type, string caseNumber, DateTimeOffset at) => kind == CaseEventKind.Resolved
        ? $"Su {Noun(type)} {caseNumber} fue resuelta el {ConfirmationEmailTexts.FormatDate(at)}. Esta es la respuesta del IESS:"
        : $"Para continuar con su {Noun(type)} {caseNumber}, el IESS le pide lo siguiente ({ConfirmationEmailTexts.FormatDate(at)}):";

    private static string Closing(CaseEventKind kind, int answerBusinessDays) => kind == CaseEventKind.Resolved
        ? $"Puede ver la resolución cuando quiera: escriba \"{LookupCommand}\" en el chat del IESS donde registró su caso e ingrese el número de caso y su cédula."
        : $"Para responder, escriba \"{LookupCommand}\" en el chat del IESS donde registró su caso, ingrese el número de caso y su cédula y elija \"Responder ahora\"; " +
          $"puede adjuntar documentos (PDF, JPG o PNG). Tiene {answerBusinessDays} días hábiles para responder.";

    /// <summary>Escapes markup only (WebUtility.HtmlEncode would turn every accented letter into an entity).</summary>
    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    private static string Noun(CaseType type) => ConfirmationEmailTexts.Noun(type);

    private static string Quote(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(line => "> " + line));
}
