using System.Net;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

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
        // Spanish text in pages stays readable in the HTML source (á, ñ, «») instead of numeric character references.
        services.Configure<WebEncoderOptions>(encoder => encoder.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Staff/Pages";
            pages.Conventions.Add(new StaffPageRoutes());
            // Every page needs a staff role unless it says otherwise; the sign-in pages are the exceptions.
            pages.Conventions.AuthorizeFolder("/", StaffPolicies.Staff);
            pages.Conventions.AllowAnonymousToPage("/Cuenta/Ingresar");
            pages.Conventions.AllowAnonymousToPage("/Cuenta/Salida");
            pages.Conventions.AllowAnonymousToPage("/Cuenta/Denegado");
        }).ConfigureApplicationPartManager(AddThisAssembly);
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

    // MVC finds pages in the entry assembly; under a test runner or a benchmark that is not IessBot.
    private static void AddThisAssembly(ApplicationPartManager manager)
    {
        var assembly = typeof(StaffExtensions).Assembly;
        if (!manager.ApplicationParts.OfType<AssemblyPart>().Any(part => part.Assembly == assembly))
        {
            foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
            {
                manager.ApplicationParts.Add(part);
            }
        }
    }

    private static Task GuardAsync(HttpContext context, RequestDelegate next, StaffAuthenticationOptions staff)
    {
        // Plain http would carry the session in clear: only AllowHttpOnLoopback (development, tests) accepts it, from
        // loopback. Behind a TLS-terminating proxy, ASPNETCORE_FORWARDEDHEADERS_ENABLED=true makes the request https.
        if (!context.Request.IsHttps && !(staff.AllowHttpOnLoopback && context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("La consola del personal solo está disponible por HTTPS.");
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
