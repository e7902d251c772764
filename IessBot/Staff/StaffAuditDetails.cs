using System.Globalization;
using IessBot.Cases;

namespace IessBot.Staff;

/// <summary>The detail of an audit entry for a list view: the filters used (codes and dates only, never free text).</summary>
internal static class StaffAuditDetails
{
    public static string Of(CaseListQuery query)
    {
        var parts = new List<string>();
        Add(parts, "tipo", query.Type?.ToString());
        Add(parts, "categoría", query.Category);
        Add(parts, "estado", query.Status);
        Add(parts, "provincia", query.ProvinceCode);
        Add(parts, "sla", query.Sla?.ToString());
        Add(parts, "caso", query.CaseNumber is not null && CaseNumber.TryParse(query.CaseNumber, out var number) ? number.Value : null);
        Add(parts, "desde", query.FiledFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add(parts, "antes", query.FiledBefore?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        parts.Add(string.Create(CultureInfo.InvariantCulture, $"página {query.Page}"));
        return string.Join("; ", parts);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parts.Add($"{name} {value}");
        }
    }
}
