using System.Text.RegularExpressions;

namespace IessBot.Staff;

/// <summary>Rules for local account names and passwords, shared by the store, the sign-in and the add-user command.</summary>
public static partial class StaffAccounts
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 256;

    /// <summary>User names are case-insensitive: stored and compared in lower case.</summary>
    public static string NormalizeUserName(string userName) => userName.Trim().ToLowerInvariant();

    /// <summary>2–64 characters: letters, digits, '.', '_', '-', '@', starting with a letter or digit.</summary>
    public static bool IsValidUserName(string userName) => UserNamePattern().IsMatch(NormalizeUserName(userName));

    /// <summary>Null when acceptable; otherwise why not (Spanish, for staff).</summary>
    public static string? PasswordProblem(string password, string userName)
    {
        if (password.Length < MinPasswordLength)
        {
            return $"La contraseña debe tener al menos {MinPasswordLength} caracteres.";
        }
        if (password.Length > MaxPasswordLength)
        {
            return $"La contraseña no puede superar {MaxPasswordLength} caracteres.";
        }
        if (password.Distinct().Count() < 5)
        {
            return "La contraseña repite demasiado los mismos caracteres.";
        }
        if (password.Contains(NormalizeUserName(userName), StringComparison.OrdinalIgnoreCase))
        {
            return "La contraseña no puede contener el nombre de usuario.";
        }
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._@-]{1,63}$")]
    private static partial Regex UserNamePattern();
}
