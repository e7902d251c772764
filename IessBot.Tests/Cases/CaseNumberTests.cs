using System.Security.Cryptography;
using IessBot.Cases;

namespace IessBot.Tests.Cases;

public sealed class CaseNumberTests
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    [Theory]
    [InlineData(CaseType.Queja, "Q-")]
    [InlineData(CaseType.Denuncia, "D-")]
    public void New_numbers_are_short_prefixed_by_type_and_in_the_unambiguous_alphabet(CaseType type, string prefix)
    {
        for (var i = 0; i < 1000; i++)
        {
            var number = CaseNumber.New(type);

            Assert.True(number.Value.Length <= 14, number.Value);
            Assert.StartsWith(prefix, number.Value, StringComparison.Ordinal);
            Assert.Matches("^[QD]-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$", number.Value);
            Assert.Equal(type, number.Type);
            Assert.Equal(number.Value, number.ToString());
        }
    }

    [Fact]
    public void A_new_number_parses_back_to_itself()
    {
        var number = CaseNumber.New(CaseType.Denuncia);

        Assert.True(CaseNumber.TryParse(number.Value, out var parsed));
        Assert.Equal(number, parsed);
        Assert.Equal(CaseType.Denuncia, parsed.Type);
    }

    [Fact]
    public void Every_single_mistyped_character_is_caught_by_the_check_character()
    {
        for (var n = 0; n < 1000; n++)
        {
            var symbols = Compact(CaseNumber.New(n % 2 == 0 ? CaseType.Queja : CaseType.Denuncia));
            for (var position = 0; position < symbols.Length; position++)
            {
                foreach (var wrong in Alphabet.Where(c => c != symbols[position]))
                {
                    var typo = symbols[..position] + wrong + symbols[(position + 1)..];
                    Assert.False(CaseNumber.TryParse(typo, out _), $"{typo} (from {symbols}) was accepted");
                }
            }
        }
    }

    [Fact]
    public void Every_swap_of_two_different_neighbouring_characters_is_caught()
    {
        var swapsTried = 0;
        for (var n = 0; n < 1000; n++)
        {
            var symbols = Compact(CaseNumber.New(CaseType.Queja)).ToCharArray();
            for (var position = 0; position + 1 < symbols.Length; position++)
            {
                if (symbols[position] == symbols[position + 1])
                {
                    continue;
                }
                var swapped = (char[])symbols.Clone();
                (swapped[position], swapped[position + 1]) = (swapped[position + 1], swapped[position]);
                Assert.False(CaseNumber.TryParse(new string(swapped), out _), $"{new string(swapped)} was accepted");
                swapsTried++;
            }
        }
        Assert.True(swapsTried > 9000);
    }

    [Fact]
    public void Parsing_ignores_case_spaces_hyphens_and_reads_i_l_as_one_and_o_as_zero()
    {
        var number = Enumerable.Range(0, 10_000).Select(_ => CaseNumber.New(CaseType.Queja))
            .First(n => n.Value.Contains('1', StringComparison.Ordinal) && n.Value.Contains('0', StringComparison.Ordinal));
        var compact = Compact(number);
        var typed = new[]
        {
            number.Value.ToLowerInvariant(),
            compact,
            compact.ToLowerInvariant(),
            " " + string.Join(' ', compact.Chunk(3).Select(c => new string(c))) + " ",
            number.Value.Replace('-', '\u2013'),
            number.Value.Replace('1', 'l').Replace('0', 'o').ToLowerInvariant(),
            number.Value.Replace('1', 'I').Replace('0', 'O'),
        };

        foreach (var input in typed)
        {
            Assert.True(CaseNumber.TryParse(input, out var parsed), input);
            Assert.Equal(number.Value, parsed.Value);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Q-")]
    [InlineData("hola, quiero saber de mi caso")]
    [InlineData("Q-UUUU-UUUU-UU")]
    public void Text_that_is_not_a_case_number_is_refused(string? input)
    {
        Assert.False(CaseNumber.TryParse(input, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void A_valid_number_with_another_prefix_or_an_extra_or_missing_character_is_refused()
    {
        var compact = Compact(CaseNumber.New(CaseType.Queja));

        Assert.False(CaseNumber.TryParse(compact + "0", out _));
        Assert.False(CaseNumber.TryParse(compact[..^1], out _));
        Assert.False(CaseNumber.TryParse(compact[1..], out _));
        Assert.Throws<FormatException>(() => CaseNumber.Parse("X" + compact[1..]));
    }

    [Fact]
    public void One_hundred_thousand_numbers_are_all_different()
    {
        using var random = new SeededRandomNumberGenerator(20250301);

        var numbers = Enumerable.Range(0, 100_000).Select(_ => CaseNumber.New(CaseType.Queja, random).Value).ToHashSet();

        Assert.Equal(100_000, numbers.Count);
    }

    [Fact]
    public void Numbers_from_the_system_random_source_are_different_and_use_every_symbol_in_every_position()
    {
        var numbers = Enumerable.Range(0, 10_000).Select(_ => Compact(CaseNumber.New(CaseType.Queja))).ToList();

        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        for (var position = 1; position < 11; position++)
        {
            Assert.Equal(32, numbers.Select(n => n[position]).Distinct().Count());
        }
    }

    [Fact]
    public void The_generator_service_issues_numbers_of_the_requested_type()
    {
        var generator = new CaseNumberGenerator();

        Assert.Equal(CaseType.Denuncia, generator.Next(CaseType.Denuncia).Type);
        Assert.NotEqual(generator.Next(CaseType.Queja), generator.Next(CaseType.Queja));
    }

    private static string Compact(CaseNumber number) => number.Value.Replace("-", "", StringComparison.Ordinal);

    /// <summary>A reproducible random source, so the uniqueness test cannot fail by chance.</summary>
    private sealed class SeededRandomNumberGenerator(int seed) : RandomNumberGenerator
    {
        private readonly Random _random = new(seed);

        public override void GetBytes(byte[] data) => _random.NextBytes(data);

        public override void GetBytes(Span<byte> data) => _random.NextBytes(data);
    }
}
