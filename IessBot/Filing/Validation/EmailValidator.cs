using System.Net.Mail;

namespace IessBot.Filing.Validation;

public enum EmailFailure
{
    Empty,

    /// <summary>More than 254 characters (RFC 5321 path limit).</summary>
    TooLong,

    HasSpaces,

    /// <summary>No @, or more than one.</summary>
    AtSign,

    /// <summary>The part after @ has no dot (e.g. juan@gmail).</summary>
    DomainWithoutDot,

    /// <summary>Anything else System.Net.Mail refuses or a mail server would (e.g. "juan..perez@", "@iess.gob.ec").</summary>
    Malformed,
}

/// <summary>The outcome of checking an email. <see cref="Normalized"/> (trimmed, domain lower-cased) is what to store.</summary>
public sealed record EmailCheck(string Normalized, EmailFailure? Failure)
{
    public bool IsValid => Failure is null;
}

/// <summary>
/// Pragmatic email check: catches the typos citizens make, not every RFC 5322 corner. Whether the mailbox exists
/// is only known when the confirmation email is delivered.
/// </summary>
public static class EmailValidator
{
    public const int MaxLength = 254;

    public static EmailCheck Check(string? input)
    {
        var trimmed = input?.Trim() ?? "";
        var failure = FailureOf(trimmed);
        return new EmailCheck(failure is null ? Normalize(trimmed) : trimmed, failure);
    }

    private static EmailFailure? FailureOf(string email)
    {
        if (email.Length == 0)
        {
            return EmailFailure.Empty;
        }

        if (email.Length > MaxLength)
        {
            return EmailFailure.TooLong;
        }

        if (email.Any(char.IsWhiteSpace))
        {
            return EmailFailure.HasSpaces;
        }

        var at = email.IndexOf('@');
        if (at < 0 || at != email.LastIndexOf('@'))
        {
            return EmailFailure.AtSign;
        }

        var domain = email[(at + 1)..];
        if (!domain.Contains('.'))
        {
            return EmailFailure.DomainWithoutDot;
        }

        return IsWellFormed(email, at, domain) ? null : EmailFailure.Malformed;
    }

    // MailAddress alone accepts display names ("Juan <j@x.ec>") and dots at the edges of labels, which no mail
    // server delivers to; so the parsed address must be the whole input and the domain labels must be clean.
    private static bool IsWellFormed(string email, int at, string domain)
    {
        if (at == 0 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            return false;
        }

        var local = email[..at];
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains(".."))
        {
            return false;
        }

        return domain.Split('.').All(label =>
            label.Length is > 0 and <= 63 && !label.StartsWith('-') && !label.EndsWith('-')
            && label.All(c => char.IsLetterOrDigit(c) || c == '-'));
    }

    private static string Normalize(string email)
    {
        var at = email.IndexOf('@');
        return string.Concat(email.AsSpan(0, at + 1), email[(at + 1)..].ToLowerInvariant());
    }
}
