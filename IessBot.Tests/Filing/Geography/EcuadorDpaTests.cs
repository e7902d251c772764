using IessBot.Filing.Geography;

namespace IessBot.Tests.Filing.Geography;

public class EcuadorDpaTests
{
    private static readonly EcuadorDpa Dpa = EcuadorDpa.Instance;

    [Fact]
    public void The_embedded_list_has_24_provinces_and_221_cantons_with_unique_codes()
    {
        Assert.Equal(24, Dpa.Provinces.Count);
        Assert.Equal(221, Dpa.Cantons.Count);
        Assert.Equal(221, Dpa.Cantons.Select(canton => canton.Code).Distinct().Count());
        Assert.All(Dpa.Cantons, canton => Assert.StartsWith(canton.ProvinceCode, canton.Code));
        Assert.Equal(Enumerable.Range(1, 24).Select(code => code.ToString("00")), Dpa.Provinces.Select(province => province.Code));
    }

    [Fact]
    public void The_list_is_loaded_once()
    {
        Assert.Same(EcuadorDpa.Instance, EcuadorDpa.Instance);
        Assert.Same(EcuadorDpa.Instance.Provinces, EcuadorDpa.Instance.Provinces);
    }

    [Theory]
    [InlineData("0101", "Cuenca", "01")]
    [InlineData("0901", "Guayaquil", "09")]
    [InlineData("1701", "Quito", "17")]
    [InlineData("1905", "Yantzaza", "19")]
    [InlineData("2302", "La Concordia", "23")]
    [InlineData("2001", "San Cristóbal", "20")]
    public void Spot_checks_of_the_reference_hold(string code, string name, string provinceCode)
    {
        var canton = Dpa.FindCanton(code);

        Assert.Equal(name, canton?.Name);
        Assert.Equal(provinceCode, canton?.ProvinceCode);
    }

    [Theory]
    [InlineData("Pichincha", "17")]
    [InlineData("pichincha", "17")]
    [InlineData("  PICHINCHA. ", "17")]
    [InlineData("Los Rios", "12")]
    [InlineData("los   ríos", "12")]
    [InlineData("manabi", "13")]
    [InlineData("Cañar", "03")]
    [InlineData("canar", "03")]
    [InlineData("provincia de Galapagos", "20")]
    [InlineData("17", "17")]
    [InlineData("1", "01")]
    [InlineData("01", "01")]
    [InlineData("Santa Elena", "24")]
    [InlineData("Bolívar", "02")]
    public void Provinces_are_found_ignoring_accents_case_punctuation_and_spaces(string typed, string code)
    {
        var match = Dpa.MatchProvince(typed);

        Assert.Equal(DpaMatchKind.Exact, match.Kind);
        Assert.Equal(code, match.Province?.Code);
    }

    [Theory]
    [InlineData("Santo Domingo", "23")]
    [InlineData("Tsáchilas", "23")]
    [InlineData("Zamora", "19")]
    [InlineData("Morona", "14")]
    [InlineData("Pichinsha", "17")]
    [InlineData("Gauyas", "09")]
    [InlineData("Esmeraldaz", "08")]
    [InlineData("Los Rio", "12")]
    [InlineData("Azuy", "01")]
    [InlineData("Tungurawaa", "18")]
    public void Partial_names_and_small_typos_are_a_close_match(string typed, string code)
    {
        var match = Dpa.MatchProvince(typed);

        Assert.Equal(DpaMatchKind.Close, match.Kind);
        Assert.Equal(code, match.Province?.Code);
    }

    [Fact]
    public void Santo_domingo_resolves_to_the_full_province_name()
    {
        Assert.Equal("Santo Domingo de los Tsáchilas", Dpa.MatchProvince("Santo Domingo").Province?.Name);
    }

    [Theory]
    [InlineData("Guayaquil", "09", "0901")]
    [InlineData("Cuenca", "01", "0101")]
    [InlineData("1701", "17", "1701")]
    public void A_canton_given_for_the_province_points_to_its_province(string typed, string provinceCode, string cantonCode)
    {
        var match = Dpa.MatchProvince(typed);

        Assert.Equal(DpaMatchKind.Close, match.Kind);
        Assert.Equal(provinceCode, match.Province?.Code);
        Assert.Equal(cantonCode, match.ViaCanton?.Code);
    }

    [Fact]
    public void A_canton_name_shared_by_two_provinces_is_ambiguous_between_them()
    {
        // Olmedo is a canton of Loja (1116) and of Manabí (1318).
        var match = Dpa.MatchProvince("Olmedo");

        Assert.Equal(DpaMatchKind.Ambiguous, match.Kind);
        Assert.Equal(["11", "13"], match.Candidates.Select(province => province.Code).Order());
    }

    [Fact]
    public void Santa_alone_is_ambiguous_only_if_two_provinces_carry_the_word()
    {
        var match = Dpa.MatchProvince("Santa");

        Assert.Equal(DpaMatchKind.Close, match.Kind);
        Assert.Equal("24", match.Province?.Code);
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("")]
    [InlineData("25")]
    [InlineData("Florida")]
    public void Unknown_provinces_are_not_found_with_at_most_three_suggestions(string typed)
    {
        var match = Dpa.MatchProvince(typed);

        Assert.Equal(DpaMatchKind.NotFound, match.Kind);
        Assert.Null(match.Province);
        Assert.True(match.Candidates.Count <= 3);
    }

    [Fact]
    public void A_near_miss_suggests_the_nearest_province_first()
    {
        var match = Dpa.MatchProvince("Tungu");

        Assert.Equal(DpaMatchKind.NotFound, match.Kind);
        Assert.Equal("Tungurahua", match.Candidates.First().Name);
    }
}
