using IessBot.Filing.Validation;

namespace IessBot.Tests.Filing.Validation;

public class DescriptionRuleTests
{
    [Fact]
    public void Thirty_characters_are_enough()
    {
        var check = DescriptionRule.Check(new string('a', 30));

        Assert.True(check.IsValid);
        Assert.Equal(30, check.Length);
    }

    [Fact]
    public void Padding_spaces_do_not_count_towards_the_minimum()
    {
        var check = DescriptionRule.Check("   Me   trataron     mal.          Nada más.      ");

        Assert.Equal(DescriptionFailure.TooShort, check.Failure);
        Assert.Equal("Me trataron mal. Nada más.", check.Normalized);
        Assert.Equal(26, check.Length);
    }

    [Fact]
    public void Paragraphs_survive_as_single_line_breaks_and_count_as_one_character()
    {
        var check = DescriptionRule.Check("El 3 de marzo en el hospital.\r\n\r\n  \r\nEl guardia me cobró.");

        Assert.Equal("El 3 de marzo en el hospital.\nEl guardia me cobró.", check.Normalized);
        Assert.Equal(check.Normalized.Length, check.Length);
        Assert.True(check.IsValid);
    }

    [Fact]
    public void Decomposed_accents_and_emoji_count_as_one_character_each()
    {
        var check = DescriptionRule.Check("Me cobraron\u0301 👎");

        Assert.Equal(13, check.Length);
    }

    [Fact]
    public void More_than_four_thousand_characters_fail_with_the_count()
    {
        var check = DescriptionRule.Check(new string('x', 4001));

        Assert.Equal(DescriptionFailure.TooLong, check.Failure);
        Assert.Equal(4001, check.Length);
        Assert.True(DescriptionRule.Check(new string('x', 4000)).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void Empty_input_is_too_short_with_zero_characters(string? typed)
    {
        var check = DescriptionRule.Check(typed);

        Assert.Equal(DescriptionFailure.TooShort, check.Failure);
        Assert.Equal(0, check.Length);
    }
}
