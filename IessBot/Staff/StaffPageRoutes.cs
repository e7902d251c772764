using System.Text;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Routing;

namespace IessBot.Staff;

/// <summary>
/// Serves the pages under Staff/Pages at <c>/staff/…</c> in lower case: Staff/Pages/Cuenta/Ingresar.cshtml answers
/// <c>/staff/cuenta/ingresar</c>, and <c>@page "{numero}"</c> in Casos/Caso.cshtml answers <c>/staff/casos/caso/{numero}</c>.
/// A page whose <c>@page</c> template starts with "/" keeps it as written.
/// </summary>
internal sealed class StaffPageRoutes : IPageRouteModelConvention
{
    public const string Prefix = "staff";

    public void Apply(PageRouteModel model)
    {
        foreach (var selector in model.Selectors)
        {
            // Razor has already turned an override ("/staff/casos/{numero}") into "staff/casos/{numero}"; the template as
            // written is kept in the selector's PageRouteMetadata.
            var written = selector.EndpointMetadata.OfType<PageRouteMetadata>().FirstOrDefault()?.RouteTemplate;
            if (selector.AttributeRouteModel is not { Template: var template } route || template is null || IsOverride(template)
                || (written is not null && IsOverride(written)))
            {
                continue;
            }
            route.Template = AttributeRouteModel.CombineTemplates(Prefix, LowerCaseLiterals(template));
        }
    }

    private static bool IsOverride(string template) => template.StartsWith('/') || template.StartsWith("~/", StringComparison.Ordinal);

    // Parameter names and constraints inside braces keep their case.
    private static string LowerCaseLiterals(string template)
    {
        var result = new StringBuilder(template.Length);
        var depth = 0;
        foreach (var c in template)
        {
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            result.Append(depth == 0 ? char.ToLowerInvariant(c) : c);
        }
        return result.ToString();
    }
}
