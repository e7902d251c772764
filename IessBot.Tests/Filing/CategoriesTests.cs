using IessBot.Cases;
using IessBot.Filing;

namespace IessBot.Tests.Filing;

public class CategoriesTests
{
    [Fact]
    public void Quejas_offer_the_six_categories_of_the_design()
    {
        Assert.Equal(
            ["Maltrato del personal", "Instalaciones en mal estado", "Tiempos de espera prolongados",
             "Problemas en la entrega de turnos", "Falta de capacidad en hospitales y unidades médicas", "Otro"],
            Categories.For(CaseType.Queja).Select(category => category.FullName));
    }

    [Fact]
    public void Denuncias_offer_the_six_categories_of_the_design()
    {
        Assert.Equal(
            ["Robo de medicamentos o insumos", "Coimas", "Venta de cargos o tráfico de influencias",
             "Facturación fraudulenta o cobros indebidos", "Venta de medicinas gratuitas", "Otro"],
            Categories.For(CaseType.Denuncia).Select(category => category.FullName));
    }

    [Theory]
    [InlineData(CaseType.Queja)]
    [InlineData(CaseType.Denuncia)]
    public void Codes_and_labels_are_unique_and_labels_fit_a_button(CaseType type)
    {
        var categories = Categories.For(type);

        Assert.Equal(categories.Count, categories.Select(category => category.Code).Distinct().Count());
        Assert.Equal(categories.Count, categories.Select(category => category.ShortLabel).Distinct().Count());
        Assert.All(categories, category => Assert.InRange(category.ShortLabel.Length, 1, 20));
        Assert.All(categories, category => Assert.Equal(category, Categories.FindByCode(type, category.Code)));
    }

    [Theory]
    [InlineData(CaseType.Queja, "1", "maltrato-personal")]
    [InlineData(CaseType.Queja, "Tiempos de espera", "tiempos-espera")]
    [InlineData(CaseType.Queja, "falta de capacidad en hospitales y unidades medicas", "falta-capacidad")]
    [InlineData(CaseType.Denuncia, "COIMAS", "coimas")]
    [InlineData(CaseType.Denuncia, "Venta de cargos o trafico de influencias", "venta-cargos")]
    [InlineData(CaseType.Denuncia, "6", "otro")]
    [InlineData(CaseType.Denuncia, "otro", "otro")]
    public void Answers_are_recognised_by_number_label_or_full_name(CaseType type, string typed, string code)
    {
        Assert.Equal(code, Categories.Recognize(type, typed)?.Code);
    }

    [Theory]
    [InlineData(CaseType.Queja, "Coimas")]
    [InlineData(CaseType.Queja, "7")]
    [InlineData(CaseType.Queja, "0")]
    [InlineData(CaseType.Denuncia, "")]
    [InlineData(CaseType.Denuncia, null)]
    public void Answers_that_are_no_category_of_this_type_are_not_recognised(CaseType type, string? typed)
    {
        Assert.Null(Categories.Recognize(type, typed));
    }
}
