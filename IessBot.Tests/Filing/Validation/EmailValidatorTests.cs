using IessBot.Filing.Validation;

namespace IessBot.Tests.Filing.Validation;

public class EmailValidatorTests
{
    [Theory]
    [InlineData("juan.perez@correo.ec", "juan.perez@correo.ec")]
    [InlineData("  Maria_Lopez@Correo.COM.EC ", "Maria_Lopez@correo.com.ec")]
    [InlineData("ana+iess@mail.example.org", "ana+iess@mail.example.org")]
    [InlineData("a@b.co", "a@b.co")]
    public void Ordinary_addresses_are_accepted_with_the_domain_lower_cased(string typed, string stored)
    {
        var check = EmailValidator.Check(typed);

        Assert.True(check.IsValid);
        Assert.Equal(stored, check.Normalized);
    }

    [Theory]
    [InlineData(null, EmailFailure.Empty)]
    [InlineData("   ", EmailFailure.Empty)]
    [InlineData("juan perez@correo.ec", EmailFailure.HasSpaces)]
    [InlineData("juan.perez.correo.ec", EmailFailure.AtSign)]
    [InlineData("juan@perez@correo.ec", EmailFailure.AtSign)]
    [InlineData("juan@correo", EmailFailure.DomainWithoutDot)]
    [InlineData("@correo.ec", EmailFailure.Malformed)]
    [InlineData("juan@.correo.ec", EmailFailure.Malformed)]
    [InlineData("juan@correo.ec.", EmailFailure.Malformed)]
    [InlineData("juan@correo..ec", EmailFailure.Malformed)]
    [InlineData("juan..perez@correo.ec", EmailFailure.Malformed)]
    [InlineData(".juan@correo.ec", EmailFailure.Malformed)]
    [InlineData("juan@-correo.ec", EmailFailure.Malformed)]
    [InlineData("juan@correo_ec.com", EmailFailure.Malformed)]
    [InlineData("Juan<juan@correo.ec>", EmailFailure.Malformed)]
    public void Typos_fail_with_a_reason_the_citizen_can_fix(string? typed, EmailFailure expected)
    {
        var check = EmailValidator.Check(typed);

        Assert.False(check.IsValid);
        Assert.Equal(expected, check.Failure);
    }

    [Fact]
    public void An_address_longer_than_254_characters_is_refused()
    {
        var local = new string('a', 64);
        var domain = string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".ec";
        var email = $"{local}@{domain}";
        Assert.True(email.Length > EmailValidator.MaxLength);

        Assert.Equal(EmailFailure.TooLong, EmailValidator.Check(email).Failure);
    }
}
