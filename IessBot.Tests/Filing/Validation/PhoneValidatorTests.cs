using IessBot.Filing.Validation;
using PhoneNumbers;

namespace IessBot.Tests.Filing.Validation;

public class PhoneValidatorTests
{
    // reference/domain.md §2, "Parsing results (region EC)".
    [Theory]
    [InlineData("0991234567")]
    [InlineData("991234567")]
    [InlineData("593991234567")]
    [InlineData("+593 99 123 4567")]
    [InlineData("099-123-4567")]
    [InlineData("00593991234567")]
    public void Ways_of_writing_a_mobile_are_stored_as_the_same_e164(string typed)
    {
        var check = PhoneValidator.Check(typed);

        Assert.True(check.IsValid);
        Assert.Equal("+593991234567", check.E164);
        Assert.Equal(PhoneKind.Mobile, check.Kind);
        Assert.False(check.IsForeign);
    }

    [Theory]
    [InlineData("022345678")]
    [InlineData("(02) 234-5678")]
    [InlineData("22345678")]
    public void Landlines_with_area_code_are_stored_as_e164(string typed)
    {
        var check = PhoneValidator.Check(typed);

        Assert.True(check.IsValid);
        Assert.Equal("+59322345678", check.E164);
        Assert.Equal(PhoneKind.FixedLine, check.Kind);
    }

    [Theory]
    [InlineData("09912345678", PhoneFailure.WrongLength)]
    [InlineData("099123456", PhoneFailure.WrongLength)]
    [InlineData("082345678", PhoneFailure.NotValidInEcuador)]
    [InlineData("2345678", PhoneFailure.MissingAreaCode)]
    [InlineData("0947888421", PhoneFailure.NotValidInEcuador)]
    [InlineData("12", PhoneFailure.WrongLength)]
    public void Numbers_the_reference_calls_invalid_fail_for_their_reason(string typed, PhoneFailure expected)
    {
        var check = PhoneValidator.Check(typed);

        Assert.False(check.IsValid);
        Assert.Null(check.E164);
        Assert.Equal(expected, check.Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("no tengo")]
    [InlineData("099 CELULAR")]
    [InlineData("1800-FLOWERS")]
    public void Text_that_is_no_number_is_refused_as_such(string? typed)
    {
        Assert.Equal(PhoneFailure.NotANumber, PhoneValidator.Check(typed).Failure);
    }

    [Fact]
    public void Toll_free_numbers_are_valid_but_not_a_personal_line()
    {
        Assert.Equal(PhoneFailure.NotPersonalLine, PhoneValidator.Check("1800123456").Failure);
    }

    [Theory]
    [InlineData("ES", PhoneNumberType.MOBILE, PhoneKind.Mobile)]
    [InlineData("ES", PhoneNumberType.FIXED_LINE, PhoneKind.FixedLine)]
    [InlineData("US", PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneKind.FixedLineOrMobile)]
    [InlineData("IT", PhoneNumberType.MOBILE, PhoneKind.Mobile)]
    public void Valid_numbers_abroad_are_accepted_for_citizens_living_there(string region, PhoneNumberType type, PhoneKind expectedKind)
    {
        var util = PhoneNumberUtil.GetInstance();
        // The library's own example numbers: synthetic, never a real person's.
        var example = util.GetExampleNumberForType(region, type);
        var typed = util.Format(example, PhoneNumberFormat.INTERNATIONAL);

        var check = PhoneValidator.Check(typed);

        Assert.True(check.IsValid);
        Assert.True(check.IsForeign);
        Assert.Equal(expectedKind, check.Kind);
        Assert.Equal(util.Format(example, PhoneNumberFormat.E164), check.E164);
    }

    [Theory]
    [InlineData("+34 123")]
    [InlineData("+1 000 000 0000")]
    [InlineData("+999 1234567")]
    public void Numbers_abroad_that_do_not_exist_there_are_refused(string typed)
    {
        var check = PhoneValidator.Check(typed);

        Assert.False(check.IsValid);
        Assert.Contains(check.Failure, new PhoneFailure?[] { PhoneFailure.NotValidAbroad, PhoneFailure.WrongLength });
    }
}
