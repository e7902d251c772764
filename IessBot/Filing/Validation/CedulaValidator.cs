namespace IessBot.Filing.Validation;

/// <summary>Why a cédula was refused, so the citizen gets a message that says what to fix (reference/domain.md §1).</summary>
public enum CedulaFailure
{
    Length,
    NonDigit,
    Province,
    ThirdDigit,
    CheckDigit,
}

/// <summary>The outcome of checking a cédula. <see cref="Normalized"/> is what to store when valid (a string: leading zeros matter).</summary>
public sealed record CedulaCheck(string Normalized, CedulaFailure? Failure)
{
    public bool IsValid => Failure is null;
}

/// <summary>
/// Shape check of an Ecuadorian cédula (10 digits, province, third digit, modulo-10 check digit).
/// A pass proves shape only, not that the person exists (reference/domain.md §1, "Behaviour recommendations").
/// </summary>
public static class CedulaValidator
{
    public const int Length = 10;

    /// <summary>Trims and drops spaces, hyphens and dots ("171430710-3" is how many people write it).</summary>
    public static string Normalize(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return "";
        }

        return string.Concat(input.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '.' or '\u2010' or '\u2011' or '\u2013')));
    }

    public static CedulaCheck Check(string? input)
    {
        var normalized = Normalize(input);
        return new CedulaCheck(normalized, FailureOf(normalized));
    }

    /// <summary>Shows only the province code and the last two digits ("17******03"), for summaries on screen.</summary>
    public static string Mask(string cedula)
    {
        var normalized = Normalize(cedula);
        if (normalized.Length < 5)
        {
            return new string('*', normalized.Length);
        }

        return string.Concat(normalized.AsSpan(0, 2), new string('*', normalized.Length - 4), normalized.AsSpan(normalized.Length - 2));
    }

    /// <summary>The 10th digit for nine leading digits: weights 2,1,2,1…, products over 9 minus 9, (10 − sum mod 10) mod 10.</summary>
    public static int ComputeCheckDigit(ReadOnlySpan<char> firstNine)
    {
        if (firstNine.Length != 9 || firstNine.ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException("Nine ASCII digits are required.", nameof(firstNine));
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var product = (firstNine[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += product > 9 ? product - 9 : product;
        }

        return (10 - sum % 10) % 10;
    }

    // Non-digits are reported before length: "17143O7103" (letter O) is a typo to point at, not a length problem.
    // Only ASCII 0–9 count (char.IsDigit would also accept other scripts' digits).
    private static CedulaFailure? FailureOf(string normalized)
    {
        if (normalized.Length > 0 && normalized.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return CedulaFailure.NonDigit;
        }

        if (normalized.Length != Length)
        {
            return CedulaFailure.Length;
        }

        if (!IsKnownProvince(int.Parse(normalized.AsSpan(0, 2))))
        {
            return CedulaFailure.Province;
        }

        if (normalized[2] > '6')
        {
            return CedulaFailure.ThirdDigit;
        }

        return ComputeCheckDigit(normalized.AsSpan(0, 9)) == normalized[9] - '0' ? null : CedulaFailure.CheckDigit;
    }

    // 01–24 are the provinces; 30 (Ecuadorians abroad / foreign residents) and 50 (rare, accepted by python-stdnum)
    // are accepted per reference/domain.md §1 "Province code rule".
    private static bool IsKnownProvince(int code) => code is >= 1 and <= 24 or 30 or 50;
}
