using IessBot.Filing.Validation;

namespace IessBot.Tests.Filing.Validation;

public class CedulaValidatorTests
{
    // reference/domain.md §1, "Example numbers from public test suites", valid table (re-verified there).
    [Theory]
    [InlineData("1714307103")]
    [InlineData("0602910945")]
    [InlineData("0926687856")]
    [InlineData("0910005917")]
    [InlineData("3012345678")]
    [InlineData("1400724652")]
    [InlineData("1003462080")]
    [InlineData("1723808109")]
    [InlineData("2100460878")]
    [InlineData("2400086928")]
    public void Numbers_from_the_reference_valid_table_are_accepted(string cedula)
    {
        var check = CedulaValidator.Check(cedula);

        Assert.True(check.IsValid);
        Assert.Null(check.Failure);
        Assert.Equal(cedula, check.Normalized);
    }

    [Fact]
    public void Third_digit_six_with_a_correct_check_digit_is_accepted()
    {
        Assert.True(CedulaValidator.Check("0962467429").IsValid);
    }

    // reference/domain.md §1, invalid table, each with the reason the reference gives.
    [Theory]
    [InlineData("1714307104", CedulaFailure.CheckDigit)]
    [InlineData("171430710", CedulaFailure.Length)]
    [InlineData("123A567890", CedulaFailure.NonDigit)]
    [InlineData("1784307108", CedulaFailure.ThirdDigit)]
    [InlineData("8814307107", CedulaFailure.Province)]
    [InlineData("2526687856", CedulaFailure.Province)]
    [InlineData("0026687856", CedulaFailure.Province)]
    [InlineData("0996687856", CedulaFailure.ThirdDigit)]
    [InlineData("0926687858", CedulaFailure.CheckDigit)]
    [InlineData("1400724650", CedulaFailure.CheckDigit)]
    [InlineData("9926687856", CedulaFailure.Province)]
    public void Numbers_from_the_reference_invalid_table_fail_for_their_reason(string cedula, CedulaFailure expected)
    {
        var check = CedulaValidator.Check(cedula);

        Assert.False(check.IsValid);
        Assert.Equal(expected, check.Failure);
    }

    // The reference's "pitfalls": listed as valid by other suites, but their check digit is wrong.
    [Theory]
    [InlineData("1712345678")]
    [InlineData("0102345672")]
    [InlineData("2400000018")]
    [InlineData("1714617890")]
    [InlineData("0601234567")]
    [InlineData("1803456789")]
    public void Numbers_other_suites_wrongly_call_valid_fail_the_check_digit(string cedula)
    {
        Assert.Equal(CedulaFailure.CheckDigit, CedulaValidator.Check(cedula).Failure);
    }

    [Theory]
    [InlineData("171430710-3")]
    [InlineData(" 1714307103 ")]
    [InlineData("17 1430 7103")]
    [InlineData("17.143.071.03")]
    [InlineData("1714307103\n")]
    public void Spaces_hyphens_and_dots_are_dropped_before_checking(string typed)
    {
        var check = CedulaValidator.Check(typed);

        Assert.True(check.IsValid);
        Assert.Equal("1714307103", check.Normalized);
    }

    [Fact]
    public void A_leading_zero_is_kept_because_the_cedula_stays_a_string()
    {
        Assert.Equal("0926687856", CedulaValidator.Check("0926687856").Normalized);
    }

    [Theory]
    [InlineData(null, CedulaFailure.Length)]
    [InlineData("", CedulaFailure.Length)]
    [InlineData("   ", CedulaFailure.Length)]
    [InlineData("17143071031", CedulaFailure.Length)]
    [InlineData("17143O7103", CedulaFailure.NonDigit)]
    [InlineData("١٧١٤٣٠٧١٠٣", CedulaFailure.NonDigit)]
    public void Empty_long_and_non_ascii_input_fails_for_its_reason(string? typed, CedulaFailure expected)
    {
        Assert.Equal(expected, CedulaValidator.Check(typed).Failure);
    }

    [Theory]
    [MemberData(nameof(AcceptedProvinces))]
    public void Every_accepted_province_code_passes_with_a_synthetic_number(string province)
    {
        Assert.True(CedulaValidator.Check(SyntheticCedulas.Build(province, '1')).IsValid);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("25")]
    [InlineData("29")]
    [InlineData("31")]
    [InlineData("49")]
    [InlineData("51")]
    [InlineData("90")]
    public void Codes_that_are_no_province_fail_even_with_a_correct_check_digit(string province)
    {
        Assert.Equal(CedulaFailure.Province, CedulaValidator.Check(SyntheticCedulas.Build(province, '1')).Failure);
    }

    [Theory]
    [InlineData('0', true)]
    [InlineData('5', true)]
    [InlineData('6', true)]
    [InlineData('7', false)]
    [InlineData('8', false)]
    [InlineData('9', false)]
    public void Third_digit_up_to_six_is_accepted_and_ruc_shapes_are_not(char thirdDigit, bool accepted)
    {
        var check = CedulaValidator.Check(SyntheticCedulas.Build("09", thirdDigit));

        Assert.Equal(accepted, check.IsValid);
        Assert.Equal(accepted ? null : CedulaFailure.ThirdDigit, check.Failure);
    }

    [Theory]
    [InlineData("654321")]
    [InlineData("000000")]
    [InlineData("999999")]
    public void Changing_only_the_check_digit_of_a_synthetic_number_fails_the_check_digit(string sequence)
    {
        var valid = SyntheticCedulas.Build("11", '3', sequence);

        Assert.True(CedulaValidator.Check(valid).IsValid);
        Assert.Equal(CedulaFailure.CheckDigit, CedulaValidator.Check(SyntheticCedulas.WithWrongCheckDigit(valid)).Failure);
    }

    [Fact]
    public void Check_digit_follows_the_worked_example_of_the_reference()
    {
        Assert.Equal(3, CedulaValidator.ComputeCheckDigit("171430710"));
    }

    [Fact]
    public void Mask_keeps_the_province_and_the_last_two_digits()
    {
        Assert.Equal("17******03", CedulaValidator.Mask("1714307103"));
    }

    public static TheoryData<string> AcceptedProvinces()
    {
        var data = new TheoryData<string>();
        foreach (var code in Enumerable.Range(1, 24).Append(30).Append(50))
        {
            data.Add(code.ToString("00"));
        }

        return data;
    }
}
