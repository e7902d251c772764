using PhoneNumbers;

namespace IessBot.Filing.Validation;

/// <summary>Why a phone number was refused (reference/domain.md §2).</summary>
public enum PhoneFailure
{
    /// <summary>Empty, or letters and symbols that are not part of a phone number.</summary>
    NotANumber,

    /// <summary>Too few or too many digits for an Ecuadorian number.</summary>
    WrongLength,

    /// <summary>A 7-digit local landline (e.g. 2345678): the area code (02…07) is required.</summary>
    MissingAreaCode,

    /// <summary>Right length but not an assigned Ecuadorian mobile or landline range (e.g. 082345678).</summary>
    NotValidInEcuador,

    /// <summary>Starts with + or 00 and another country code, but is not a valid number there.</summary>
    NotValidAbroad,

    /// <summary>Valid, but not a line a person answers (toll-free, premium, VoIP, pager…).</summary>
    NotPersonalLine,
}

public enum PhoneKind
{
    Mobile,
    FixedLine,

    /// <summary>Countries (e.g. the US) whose numbering does not tell mobile from landline.</summary>
    FixedLineOrMobile,
}

/// <summary>The outcome of checking a phone number. <see cref="E164"/> (e.g. +593991234567) is what to store.</summary>
public sealed record PhoneCheck(string? E164, PhoneKind? Kind, bool IsForeign, PhoneFailure? Failure)
{
    public bool IsValid => Failure is null;

    internal static PhoneCheck Fail(PhoneFailure failure) => new(null, null, false, failure);
}

/// <summary>
/// Parses what the citizen typed with libphonenumber, region EC, and keeps valid mobile and fixed lines as E.164.
/// Foreign numbers (+ or 00 and a country code) are accepted when valid: Ecuadorians abroad also file quejas and
/// denuncias and can only be reached on the number they have there.
/// </summary>
public static class PhoneValidator
{
    public const string Region = "EC";
    private const int EcuadorCountryCode = 593;
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static PhoneCheck Check(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || !HasOnlyPhoneCharacters(input))
        {
            return PhoneCheck.Fail(PhoneFailure.NotANumber);
        }

        PhoneNumber number;
        try
        {
            number = Util.Parse(input, Region);
        }
        catch (NumberParseException exception)
        {
            return PhoneCheck.Fail(FailureOf(exception.ErrorType));
        }

        var isForeign = number.CountryCode != EcuadorCountryCode;
        if (!Util.IsValidNumber(number))
        {
            return PhoneCheck.Fail(isForeign ? PhoneFailure.NotValidAbroad : FailureOfInvalid(number));
        }

        PhoneKind? kind = Util.GetNumberType(number) switch
        {
            PhoneNumberType.MOBILE => PhoneKind.Mobile,
            PhoneNumberType.FIXED_LINE => PhoneKind.FixedLine,
            PhoneNumberType.FIXED_LINE_OR_MOBILE => PhoneKind.FixedLineOrMobile,
            _ => null,
        };

        return kind is null
            ? PhoneCheck.Fail(PhoneFailure.NotPersonalLine)
            : new PhoneCheck(Util.Format(number, PhoneNumberFormat.E164), kind, isForeign, null);
    }

    /// <summary>How a stored E.164 number is shown back to the citizen: "+593 99 123 4567".</summary>
    public static string Display(string e164)
    {
        try
        {
            return Util.Format(Util.Parse(e164, Region), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    // libphonenumber reads letters as keypad digits ("1800-FLOWERS"); a citizen's own number never has them,
    // so letters mean the answer was not a phone number at all.
    private static bool HasOnlyPhoneCharacters(string input) =>
        input.All(c => c is (>= '0' and <= '9') or '+' or '(' or ')' or '-' or '.' or '/' || char.IsWhiteSpace(c));

    private static PhoneFailure FailureOf(ErrorType errorType) => errorType switch
    {
        ErrorType.TOO_SHORT_NSN or ErrorType.TOO_SHORT_AFTER_IDD or ErrorType.TOO_LONG => PhoneFailure.WrongLength,
        ErrorType.INVALID_COUNTRY_CODE => PhoneFailure.NotValidAbroad,
        _ => PhoneFailure.NotANumber,
    };

    // Ecuador's metadata allows several lengths overall (toll-free numbers are longer), so the length is judged
    // against what the first digit says the number is: 9… a mobile (9 digits), 2…7 a landline (8 digits).
    private static PhoneFailure FailureOfInvalid(PhoneNumber number)
    {
        var type = Util.GetNationalSignificantNumber(number).StartsWith('9') ? PhoneNumberType.MOBILE : PhoneNumberType.FIXED_LINE;
        return Util.IsPossibleNumberForTypeWithReason(number, type) switch
        {
            PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY => PhoneFailure.MissingAreaCode,
            PhoneNumberUtil.ValidationResult.IS_POSSIBLE => PhoneFailure.NotValidInEcuador,
            _ => PhoneFailure.WrongLength,
        };
    }
}
