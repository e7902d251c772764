using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace IessBot.Staff;

/// <summary>
/// Bar charts as inline SVG, drawn on the server: no script, no CDN, and nothing the console's Content-Security-Policy
/// refuses (presentation attributes only, no style attributes). Each chart is an image with a title and a text summary;
/// the statistics page puts the same figures in a table next to it, for screen readers and for copying.
/// </summary>
public static class StaffCharts
{
    private const int LabelWidth = 260;
    private const int BarArea = 420;
    private const int RowHeight = 28;
    private const string Bar = "#1f5fa8";

    /// <summary>One horizontal bar per label, with its value written at the end of the bar.</summary>
    public static IHtmlContent HorizontalBars(string id, string title, IReadOnlyList<(string Label, int Value)> rows)
    {
        var max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Value));
        var height = Math.Max(1, rows.Count) * RowHeight + 8;
        var width = LabelWidth + BarArea + 60;
        var svg = Open(id, title, Summary(rows), width, height);
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value) = rows[i];
            var y = 4 + i * RowHeight;
            var length = (int)Math.Round(BarArea * (double)value / max);
            svg.Append(Inv($"<text x=\"{LabelWidth - 8}\" y=\"{y + 18}\" text-anchor=\"end\" font-size=\"14\" fill=\"#1b2733\">{Encode(Shorten(label, 34))}</text>"));
            svg.Append(Inv($"<rect x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{Math.Max(length, value > 0 ? 2 : 0)}\" height=\"{RowHeight - 10}\" fill=\"{Bar}\"/>"));
            svg.Append(Inv($"<text x=\"{LabelWidth + length + 6}\" y=\"{y + 18}\" font-size=\"14\" fill=\"#1b2733\">{value}</text>"));
        }
        return Close(svg);
    }

    /// <summary>Vertical bars, two per column (quejas and denuncias), with a legend in words.</summary>
    public static IHtmlContent GroupedColumns(string id, string title, IReadOnlyList<(string Column, int First, int Second)> columns, string firstName, string secondName)
    {
        const int chartHeight = 220;
        const int columnWidth = 56;
        var max = Math.Max(1, columns.Count == 0 ? 1 : columns.Max(c => Math.Max(c.First, c.Second)));
        var width = Math.Max(320, columns.Count * columnWidth + 40);
        var height = chartHeight + 80;
        var summary = string.Join("; ", columns.Select(c => $"{c.Column}: {c.First} {firstName}, {c.Second} {secondName}"));
        var svg = Open(id, title, summary.Length == 0 ? "Sin datos en el periodo." : summary, width, height);
        for (var i = 0; i < columns.Count; i++)
        {
            var (column, first, second) = columns[i];
            var x = 30 + i * columnWidth;
            AppendColumn(svg, x, first, max, chartHeight, Bar);
            AppendColumn(svg, x + 22, second, max, chartHeight, "#b8640b");
            svg.Append(Inv($"<text x=\"{x + 20}\" y=\"{chartHeight + 40}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1b2733\">{Encode(column)}</text>"));
        }
        svg.Append(Inv($"<rect x=\"30\" y=\"{height - 18}\" width=\"12\" height=\"12\" fill=\"{Bar}\"/><text x=\"48\" y=\"{height - 8}\" font-size=\"13\" fill=\"#1b2733\">{Encode(firstName)}</text>"));
        svg.Append(Inv($"<rect x=\"160\" y=\"{height - 18}\" width=\"12\" height=\"12\" fill=\"#b8640b\"/><text x=\"178\" y=\"{height - 8}\" font-size=\"13\" fill=\"#1b2733\">{Encode(secondName)}</text>"));
        return Close(svg);
    }

    private static void AppendColumn(StringBuilder svg, int x, int value, int max, int chartHeight, string colour)
    {
        var length = (int)Math.Round((chartHeight - 20) * (double)value / max);
        var top = chartHeight - length + 10;
        svg.Append(Inv($"<rect x=\"{x}\" y=\"{top}\" width=\"18\" height=\"{length}\" fill=\"{colour}\"/>"));
        svg.Append(Inv($"<text x=\"{x + 9}\" y=\"{top - 4}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1b2733\">{value}</text>"));
    }

    private static StringBuilder Open(string id, string title, string summary, int width, int height)
    {
        var svg = new StringBuilder();
        svg.Append(Inv($"<svg class=\"grafico\" role=\"img\" aria-labelledby=\"{id}-titulo {id}-desc\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">"));
        svg.Append(Inv($"<title id=\"{id}-titulo\">{Encode(title)}</title><desc id=\"{id}-desc\">{Encode(summary)}</desc>"));
        return svg;
    }

    private static HtmlString Close(StringBuilder svg) => new(svg.Append("</svg>").ToString());

    private static string Summary(IReadOnlyList<(string Label, int Value)> rows) =>
        rows.Count == 0 ? "Sin datos en el periodo." : string.Join("; ", rows.Select(r => $"{r.Label}: {r.Value}"));

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
