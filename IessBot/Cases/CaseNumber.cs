using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace IessBot.Cases;

/// <summary>
/// A case number a citizen can read out and type on a phone: <c>Q-7K3M-9XQ2-HT</c> (14 characters). The prefix
/// gives the type (Q queja, D denuncia); 45 random bits follow, so numbers are neither sequential nor guessable;
/// the last character is a check character over everything before it. Crockford base32 (no I, L, O, U) keeps it
/// unambiguous; parsing ignores case, spaces and hyphens and reads I/L as 1 and O as 0.
/// </summary>
/// <remarks>
/// The check character is a weighted sum in GF(32) (powers of the primitive element x modulo x⁵+x²+1).
/// Every weight is non-zero, so any single changed character changes the sum; neighbouring weights differ by
/// a factor x+1 ≠ 0, so any swap of two different adjacent characters does too.
/// </remarks>
public sealed record CaseNumber
{
    public const int MaxLength = 14;
    internal const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int RandomSymbols = 9;
    private const int Symbols = 1 + RandomSymbols + 1;

    private CaseNumber(CaseType type, string value)
    {
        Type = type;
        Value = value;
    }

    public CaseType Type { get; }

    /// <summary>The canonical form, e.g. <c>Q-7K3M-9XQ2-HT</c>.</summary>
    public string Value { get; }

    public override string ToString() => Value;

    public static CaseNumber New(CaseType type, RandomNumberGenerator? random = null)
    {
        Span<byte> bytes = stackalloc byte[sizeof(ulong)];
        if (random is null)
        {
            RandomNumberGenerator.Fill(bytes);
        }
        else
        {
            random.GetBytes(bytes);
        }
        var bits = BitConverter.ToUInt64(bytes);

        Span<int> digits = stackalloc int[Symbols];
        digits[0] = PrefixDigit(type);
        for (var i = 1; i <= RandomSymbols; i++)
        {
            digits[i] = (int)(bits & 31);
            bits >>= 5;
        }
        digits[^1] = CheckDigit(digits[..^1]);
        return new CaseNumber(type, Format(digits));
    }

    public static bool TryParse([NotNullWhen(true)] string? input, [NotNullWhen(true)] out CaseNumber? caseNumber)
    {
        caseNumber = null;
        if (input is null || input.Length > 4 * MaxLength)
        {
            return false;
        }
        Span<int> digits = stackalloc int[Symbols];
        var count = 0;
        foreach (var c in input)
        {
            if (IsSeparator(c))
            {
                continue;
            }
            var digit = DigitOf(c);
            if (digit < 0 || count == Symbols)
            {
                return false;
            }
            digits[count++] = digit;
        }
        if (count != Symbols || TypeOf(digits[0]) is not { } type || Checksum(digits) != 0)
        {
            return false;
        }
        caseNumber = new CaseNumber(type, Format(digits));
        return true;
    }

    public static CaseNumber Parse(string input) =>
        TryParse(input, out var caseNumber) ? caseNumber : throw new FormatException("Not a valid case number.");

    private static int PrefixDigit(CaseType type) => Alphabet.IndexOf(type == CaseType.Denuncia ? 'D' : 'Q', StringComparison.Ordinal);

    private static CaseType? TypeOf(int prefixDigit) => Alphabet[prefixDigit] switch
    {
        'Q' => CaseType.Queja,
        'D' => CaseType.Denuncia,
        _ => null,
    };

    private static int CheckDigit(ReadOnlySpan<int> digits) => TimesX(Checksum(digits));

    /// <summary>Horner's rule in GF(32): s = s·x + d. A number with its check character sums to zero.</summary>
    private static int Checksum(ReadOnlySpan<int> digits)
    {
        var sum = 0;
        foreach (var digit in digits)
        {
            sum = TimesX(sum) ^ digit;
        }
        return sum;
    }

    private static int TimesX(int value)
    {
        value <<= 1;
        return (value & 32) != 0 ? value ^ 0b100101 : value;
    }

    private static string Format(ReadOnlySpan<int> digits) => string.Create(MaxLength, digits.ToArray(), static (chars, d) =>
    {
        // Q-XXXX-XXXX-XC: the prefix, two groups of four, then the last random symbol and the check character.
        var position = 0;
        for (var i = 0; i < d.Length; i++)
        {
            if (i is 1 or 5 or 9)
            {
                chars[position++] = '-';
            }
            chars[position++] = Alphabet[d[i]];
        }
    });

    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || c is '-' or '_' or '.' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212';

    private static int DigitOf(char c)
    {
        var upper = char.ToUpperInvariant(c);
        upper = upper switch
        {
            'I' or 'L' => '1',
            'O' => '0',
            _ => upper,
        };
        return Alphabet.IndexOf(upper, StringComparison.Ordinal);
    }
}
