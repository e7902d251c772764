using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IessBot.Cases;
using IessBot.Staff;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Staff.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace IessBot.Tests.Staff;

/// <summary>The session and antiforgery cookies' flags, read from the Set-Cookie headers themselves.</summary>
public sealed class StaffCookieTests
{
    [Fact]
    public async Task By_default_plain_http_is_refused_by_the_console_only()
    {
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?> { ["Staff:Authentication:AllowHttpOnLoopback"] = "false" });
        using var client = host.CreateClient();

        using var console = await client.GetAsync(StaffAuthentication.SignInPath);
        using var health = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.Forbidden, console.StatusCode);
        Assert.Contains("HTTPS", await console.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(console.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task By_default_over_https_the_cookies_are_host_prefixed_secure_httponly_and_strict()
    {
        using var certificate = SelfSignedLoopbackCertificate();
        await using var host = await StartHttpsAsync(certificate, allowHttp: false);
        using var client = HttpsClient(host, certificate);

        var (antiforgery, session) = await SignInAsync(client);

        AssertFlags(antiforgery, "__Host-iess-staff-af=", secure: true);
        AssertFlags(session, "__Host-iess-staff=", secure: true);
    }

    [Fact]
    public async Task Allowed_plain_http_on_loopback_drops_only_the_secure_flag_and_the_prefix()
    {
        await using var host = await TestBotHost.StartAsync();
        await StaffBrowser.CreateAccountAsync(host, "ana.salud", StaffBrowser.DefaultPassword, StaffRoles.QuejasSalud);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        var (antiforgery, session) = await SignInAsync(client);

        AssertFlags(antiforgery, "iess-staff-af=", secure: false);
        AssertFlags(session, "iess-staff=", secure: false);
    }

    [Fact]
    public async Task Over_https_the_cookies_are_secure_even_when_http_is_allowed()
    {
        using var certificate = SelfSignedLoopbackCertificate();
        await using var host = await StartHttpsAsync(certificate, allowHttp: true);
        using var client = HttpsClient(host, certificate);

        var (antiforgery, session) = await SignInAsync(client);

        AssertFlags(antiforgery, "iess-staff-af=", secure: true);
        AssertFlags(session, "iess-staff=", secure: true);
    }

    private static async Task<TestBotHost> StartHttpsAsync(X509Certificate2 certificate, bool allowHttp)
    {
        var host = await TestBotHost.StartAsync(
            new Dictionary<string, string?> { ["urls"] = "https://127.0.0.1:0", ["Staff:Authentication:AllowHttpOnLoopback"] = allowHttp ? "true" : "false" },
            configure: builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate)));
        Assert.Equal(Uri.UriSchemeHttps, host.BaseAddress.Scheme);
        await StaffBrowser.CreateAccountAsync(host, "ana.salud", StaffBrowser.DefaultPassword, StaffRoles.QuejasSalud);
        return host;
    }

    private static HttpClient HttpsClient(TestBotHost host, X509Certificate2 certificate) =>
        new(new HttpClientHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        })
        { BaseAddress = host.BaseAddress };

    [Fact]
    public async Task The_session_slides_and_ends_after_the_configured_idle_time()
    {
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?> { ["Staff:Authentication:SessionTimeout"] = "00:10:00" });
        await StaffBrowser.CreateAccountAsync(host, "ana.salud", StaffBrowser.DefaultPassword, StaffRoles.QuejasSalud);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        var (_, session) = await SignInAsync(client);

        // Non-persistent: no Expires/Max-Age on the cookie; the ticket inside expires (server side) after 10 idle minutes.
        Assert.DoesNotContain("expires=", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("max-age=", session, StringComparison.OrdinalIgnoreCase);
        var options = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(StaffAuthentication.CookieScheme);
        Assert.Equal(TimeSpan.FromMinutes(10), options.ExpireTimeSpan);
        Assert.True(options.SlidingExpiration);
    }

    private static void AssertFlags(string setCookie, string namePrefix, bool secure)
    {
        var attributes = setCookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.StartsWith(namePrefix, setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
        Assert.Equal(secure, attributes.Contains("secure"));
    }

    /// <summary>Signs in by hand (the cookies may be Secure over http, which a CookieContainer would not send back).</summary>
    private static async Task<(string Antiforgery, string Session)> SignInAsync(HttpClient client)
    {
        using var form = await client.GetAsync(StaffAuthentication.SignInPath);
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.Contains("iess-staff-af=", StringComparison.Ordinal));
        var token = StaffBrowser.ReadAntiforgeryToken(await form.Content.ReadAsStringAsync())!;
        using var post = new HttpRequestMessage(HttpMethod.Post, StaffAuthentication.SignInPath)
        {
            Content = new FormUrlEncodedContent([new("Usuario", "ana.salud"), new("Contrasena", StaffBrowser.DefaultPassword), new(StaffBrowser.AntiforgeryFieldName, token)]),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("iess-staff=", StringComparison.Ordinal) || c.StartsWith("__Host-iess-staff=", StringComparison.Ordinal));
        return (antiforgery, session);
    }

    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel needs the private key in a form it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
