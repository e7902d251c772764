using System.Text.Encodings.Web;
using System.Xml.Linq;
using IessBot.Staff;
using Microsoft.AspNetCore.Html;

namespace IessBot.Tests.Staff.Console;

public sealed class StaffChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void A_bar_chart_is_well_formed_svg_with_a_title_and_a_text_summary_of_every_value()
    {
        var svg = Parse(StaffCharts.HorizontalBars("g-x", "Casos por provincia", [("Pichincha", 12), ("Santo Domingo <de los Tsáchilas>", 3), ("Galápagos", 0)]));

        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("g-x-titulo g-x-desc", (string?)svg.Attribute("aria-labelledby"));
        Assert.Equal("Casos por provincia", svg.Element(Svg + "title")!.Value);
        Assert.Equal("Pichincha: 12; Santo Domingo <de los Tsáchilas>: 3; Galápagos: 0", svg.Element(Svg + "desc")!.Value);
        var widths = svg.Elements(Svg + "rect").Select(r => (int)r.Attribute("width")!).ToList();
        Assert.Equal([420, 105, 0], widths);
        Assert.Null(svg.Descendants().Attributes("style").FirstOrDefault());
    }

    [Fact]
    public void Columns_per_month_name_both_series_in_words()
    {
        var svg = Parse(StaffCharts.GroupedColumns("g-m", "Por mes", [("2026-10", 4, 1), ("2026-11", 2, 0)], "Quejas", "Denuncias"));

        Assert.Equal("2026-10: 4 Quejas, 1 Denuncias; 2026-11: 2 Quejas, 0 Denuncias", svg.Element(Svg + "desc")!.Value);
        Assert.Contains(svg.Elements(Svg + "text"), t => t.Value == "Quejas");
        Assert.Contains(svg.Elements(Svg + "text"), t => t.Value == "Denuncias");
    }

    [Fact]
    public void An_empty_chart_says_there_is_no_data()
    {
        var svg = Parse(StaffCharts.HorizontalBars("g-v", "Vacío", []));

        Assert.Equal("Sin datos en el periodo.", svg.Element(Svg + "desc")!.Value);
    }

    private static XElement Parse(IHtmlContent content)
    {
        using var writer = new StringWriter();
        content.WriteTo(writer, HtmlEncoder.Default);
        return XElement.Parse(writer.ToString());
    }
}
