namespace IessBot.Dialogs.Choices;

/// <summary>
/// Recognises yes/no answers in Spanish (and the English "yes"/"no"), for every locale: a whole
/// phrase first ("de acuerdo", "no acepto"), then single words; an answer with both a yes word and a
/// no word ("claro que no") is not recognised.
/// </summary>
public static class ConfirmRecognizer
{
    private static readonly HashSet<string> YesPhrases = new(StringComparer.Ordinal)
    {
        "si", "s", "claro", "claro que si", "de acuerdo", "estoy de acuerdo", "acepto", "si acepto", "ok", "okay",
        "vale", "correcto", "afirmativo", "por supuesto", "esta bien", "dale", "yes", "sip",
    };

    private static readonly HashSet<string> NoPhrases = new(StringComparer.Ordinal)
    {
        "no", "n", "no acepto", "no estoy de acuerdo", "negativo", "nop", "no gracias", "para nada", "incorrecto",
    };

    private static readonly HashSet<string> YesWords = new(StringComparer.Ordinal)
    {
        "si", "claro", "acuerdo", "acepto", "ok", "okay", "vale", "correcto", "afirmativo", "yes", "sip", "dale",
    };

    private static readonly HashSet<string> NoWords = new(StringComparer.Ordinal) { "no", "negativo", "nop", "nunca" };

    /// <summary>True for yes, false for no, null when the answer is neither or both.</summary>
    public static bool? Recognize(string? utterance)
    {
        var normalized = SpanishText.Normalize(utterance);
        if (YesPhrases.Contains(normalized))
        {
            return true;
        }
        if (NoPhrases.Contains(normalized))
        {
            return false;
        }
        var words = SpanishText.Tokenize(normalized);
        var yes = words.Any(YesWords.Contains);
        var no = words.Any(NoWords.Contains);
        return yes == no ? null : yes;
    }
}
