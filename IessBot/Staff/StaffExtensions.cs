using System.Net;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace IessBot.Staff;

public static class StaffExtensions
{
    /// <summary>
    /// The staff console (issue 7): Razor Pages under Staff/Pages served at <c>/staff</c>, cookie sign-in (local accounts
    /// or OpenID Connect, <c>Staff:Authentication</c>), the staff policies and antiforgery on every form.
    /// </summary>
    public static IServiceCollection AddStaff(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(StaffAuthenticationOptions.SectionName);
        services.AddOptions<StaffAuthenticationOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StaffAuthenticationOptions>, StaffAuthenticationOptionsValidator>();

        StaffAuthentication.Add(services, ReadMode(section));
        services.AddAuthorization(StaffPolicies.Add);
        services.AddSingleton<LocalSignIn>();
        services.AddSingleton<StaffCaseService>();

        services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Staff/Pages";
            pages.Conventions.Add(new StaffPageRoutes());
            // Every page needs a staff role unless it says otherwise; the sign-in pages are the exceptions.
            pages.Conventions.AuthorizeFolder("/", StaffPolicies.Staff);
            pages.Conventions.AllowAnonymousToPage("/Cuenta/Ingresar");
            pages.Conventions.AllowAnonymousToPage("/Cuenta/Salida");
            pages.Conventions.AllowAnonymousToPage("/Cuenta/Denegado");
        });
        return services;
    }

    /// <summary>
    /// <c>/staff/*</c>: the pages, <c>/staff/staff.css</c>, security headers. Authentication and authorization run for
    /// every request, but only endpoints with a staff policy authenticate (no default scheme), so the bot's endpoints
    /// (/api/messages, /v3/directline, the WhatsApp webhook, /healthz, /) are unchanged.
    /// </summary>
    public static WebApplication MapStaff(this WebApplication app)
    {
        var staff = app.Services.GetRequiredService<IOptions<StaffAuthenticationOptions>>().Value;
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/staff"), console =>
        {
            console.Use((context, next) => GuardAsync(context, next, staff));
            console.UseStaticFiles(new StaticFileOptions
            {
                RequestPath = "/staff",
                FileProvider = new PhysicalFileProvider(Path.Combine(app.Environment.WebRootPath ?? Path.Combine(AppContext.BaseDirectory, "wwwroot"), "staff")),
            });
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        return app;
    }

    private static Task GuardAsync(HttpContext context, RequestDelegate next, StaffAuthenticationOptions staff)
    {
        // AllowHttpOnLoopback is for development and tests: plain http from elsewhere would carry the session in clear.
        if (staff.AllowHttpOnLoopback && !context.Request.IsHttps && context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Case pages hold personal data: never kept by the browser or a proxy.
        headers.CacheControl = "no-store";
        return next(context);
    }

    private static StaffSignInMode ReadMode(IConfigurationSection section)
    {
        var value = section[nameof(StaffAuthenticationOptions.Mode)];
        if (string.IsNullOrWhiteSpace(value))
        {
            return StaffSignInMode.Local;
        }
        return Enum.TryParse<StaffSignInMode>(value.Trim(), ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new InvalidOperationException($"Staff:Authentication:Mode '{value}' is not known. Use 'Local' (the default) or 'OpenIdConnect'.");
    }
}
