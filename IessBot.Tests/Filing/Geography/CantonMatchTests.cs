using IessBot.Filing.Geography;

namespace IessBot.Tests.Filing.Geography;

public class CantonMatchTests
{
    private static readonly EcuadorDpa Dpa = EcuadorDpa.Instance;

    private static Province P(string code) => Dpa.FindProvince(code)!;

    [Theory]
    [InlineData("09", "guayaquil", "0901")]
    [InlineData("17", "QUITO", "1701")]
    [InlineData("17", "1701", "1701")]
    [InlineData("17", "1", "1701")]
    [InlineData("17", "Rumiñahui", "1705")]
    [InlineData("17", "ruminahui", "1705")]
    [InlineData("24", "Santa Elena", "2401")]
    [InlineData("19", "Zamora", "1901")]
    [InlineData("23", "Santo Domingo", "2301")]
    [InlineData("22", "Coca", "2201")]
    [InlineData("17", "cantón Mejía", "1703")]
    [InlineData("17", "Distrito Metropolitano de Quito", "1701")]
    public void Cantons_of_the_chosen_province_are_found_exactly(string provinceCode, string typed, string cantonCode)
    {
        var match = Dpa.MatchCanton(P(provinceCode), typed);

        Assert.Equal(DpaMatchKind.Exact, match.Kind);
        Assert.Equal(cantonCode, match.Canton?.Code);
    }

    [Theory]
    [InlineData("09", "guayaquill", "0901")]
    [InlineData("09", "Guayakil", "0901")]
    [InlineData("09", "Yaguachi", "0920")]
    [InlineData("09", "Juján", "0902")]
    [InlineData("17", "Quitto", "1701")]
    [InlineData("18", "Baños", "1802")]
    public void Typos_and_partial_names_are_a_close_match(string provinceCode, string typed, string cantonCode)
    {
        var match = Dpa.MatchCanton(P(provinceCode), typed);

        Assert.Equal(DpaMatchKind.Close, match.Kind);
        Assert.Equal(cantonCode, match.Canton?.Code);
    }

    [Fact]
    public void The_canton_list_number_is_the_position_in_the_province_list_not_the_code()
    {
        // Napo's codes are 1501, 1503, 1504, 1507, 1509: the third canton listed is 1504.
        var napo = P("15");

        Assert.Equal(napo.Cantons[2], Dpa.MatchCanton(napo, "3").Canton);
        Assert.Equal("1504", Dpa.MatchCanton(napo, "3").Canton?.Code);
    }

    [Fact]
    public void Quito_under_guayas_is_not_found_and_points_to_pichincha()
    {
        var match = Dpa.MatchCanton(P("09"), "Quito");

        Assert.Equal(DpaMatchKind.NotFound, match.Kind);
        Assert.Null(match.Canton);
        var elsewhere = Assert.Single(match.InOtherProvinces);
        Assert.Equal("Pichincha", Dpa.ProvinceOf(elsewhere).Name);
    }

    [Fact]
    public void A_misspelt_canton_of_another_province_still_points_to_it()
    {
        var match = Dpa.MatchCanton(P("17"), "guayaquill");

        Assert.Equal(DpaMatchKind.NotFound, match.Kind);
        Assert.Equal("0901", Assert.Single(match.InOtherProvinces).Code);
    }

    [Fact]
    public void A_canton_code_of_another_province_is_not_taken_as_this_one()
    {
        var match = Dpa.MatchCanton(P("09"), "1701");

        Assert.Equal(DpaMatchKind.NotFound, match.Kind);
        Assert.Equal("1701", Assert.Single(match.InOtherProvinces).Code);
    }

    [Fact]
    public void Zamora_under_another_province_points_to_zamora_chinchipe()
    {
        var match = Dpa.MatchCanton(P("11"), "Zamora");

        Assert.Equal(DpaMatchKind.NotFound, match.Kind);
        Assert.Equal("19", Assert.Single(match.InOtherProvinces).ProvinceCode);
    }

    [Fact]
    public void A_shared_first_word_is_ambiguous_with_every_candidate()
    {
        var match = Dpa.MatchCanton(P("17"), "Pedro");

        Assert.Equal(DpaMatchKind.Ambiguous, match.Kind);
        Assert.Equal(["Pedro Moncayo", "Pedro Vicente Maldonado"], match.Candidates.Select(canton => canton.Name).Order());
    }

    [Fact]
    public void A_canton_that_exists_nowhere_is_not_found_with_suggestions_from_the_province()
    {
        var match = Dpa.MatchCanton(P("17"), "Cayambi de Arriba");

        Assert.Equal(DpaMatchKind.NotFound, match.Kind);
        Assert.Empty(match.InOtherProvinces);
        Assert.InRange(match.Candidates.Count, 0, 3);
        Assert.All(match.Candidates, canton => Assert.Equal("17", canton.ProvinceCode));
    }

    [Fact]
    public void An_alias_of_another_province_s_canton_is_not_found_here()
    {
        var match = Dpa.MatchCanton(P("17"), "Coca");

        Assert.Equal(DpaMatchKind.NotFound, match.Kind);
        Assert.Equal("2201", Assert.Single(match.InOtherProvinces).Code);
    }

    [Fact]
    public void A_list_number_beyond_the_province_s_cantons_is_not_found()
    {
        Assert.Equal(DpaMatchKind.NotFound, Dpa.MatchCanton(P("23"), "3").Kind);
    }
}
