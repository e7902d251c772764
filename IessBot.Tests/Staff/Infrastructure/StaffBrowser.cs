using System.Net;
using System.Text.RegularExpressions;
using IessBot.Staff;
using IessBot.Tests.Infrastructure;

namespace IessBot.Tests.Staff.Infrastructure;

/// <summary>
/// A staff member's browser against a <see cref="TestBotHost"/>, over real HTTP: keeps cookies, never follows
/// redirects (tests assert them), and posts forms with the antiforgery token read from the page that holds the form,
/// as a browser would. <see cref="SignInAsync"/> creates the account in the host's <see cref="IStaffAccountStore"/> and
/// signs in through the sign-in page.
/// </summary>
public sealed partial class StaffBrowser : IDisposable
{
    /// <summary>The password of accounts made by <see cref="SignInAsync"/>.</summary>
    public const string DefaultPassword = "clave-de-prueba-123";

    private readonly HttpClient _client;

    public StaffBrowser(TestBotHost host)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        Host = host;
    }

    public TestBotHost Host { get; }
    public CookieContainer Cookies { get; }
    public HttpClient Client => _client;

    /// <summary>Creates (or replaces) the account <paramref name="userName"/> with <paramref name="roles"/> and signs in as it.</summary>
    public static async Task<StaffBrowser> SignInAsync(TestBotHost host, string userName, params string[] roles)
    {
        await CreateAccountAsync(host, userName, DefaultPassword, roles);
        var browser = new StaffBrowser(host);
        var response = await browser.SubmitSignInAsync(userName, DefaultPassword);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in of {userName} answered {(int)response.StatusCode}.");
        return browser;
    }

    /// <summary>An account straight into the store, hashed as the add-user command does.</summary>
    public static async Task<StaffAccount> CreateAccountAsync(TestBotHost host, string userName, string password, params string[] roles)
    {
        var account = new StaffAccount(userName, DisplayName(userName), roles, "", 0, null, DateTimeOffset.UtcNow);
        account = account with { PasswordHash = LocalSignIn.HashPassword(account, password) };
        await host.Services.GetRequiredService<IStaffAccountStore>().SaveAsync(account, CancellationToken.None);
        return account;
    }

    /// <summary>"ana.salud" → "Ana Salud": the display name of accounts made here.</summary>
    public static string DisplayName(string userName) =>
        string.Join(' ', userName.Split('.', '-', '_').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>Fills in and posts the sign-in form; a success answers 302 to the console.</summary>
    public Task<HttpResponseMessage> SubmitSignInAsync(string userName, string password, string? returnUrl = null) =>
        PostFormAsync(StaffAuthentication.SignInPath, [new("Usuario", userName), new("Contrasena", password), new("ReturnUrl", returnUrl ?? "")]);

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    /// <summary>GETs a page that must answer 200 and returns its HTML.</summary>
    public async Task<string> GetPageAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode} {response.Headers.Location}");
        return html;
    }

    /// <summary>
    /// Posts <paramref name="fields"/> to <paramref name="path"/> with the antiforgery token of the form on
    /// <paramref name="formPage"/> (default: <paramref name="path"/> itself, without its query).
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? formPage = null)
    {
        var html = await GetPageAsync(formPage ?? path.Split('?')[0]);
        var token = ReadAntiforgeryToken(html) ?? throw new InvalidOperationException($"No antiforgery token on {formPage ?? path}.");
        return await PostFormWithoutTokenAsync(path, [.. fields, new(AntiforgeryFieldName, token)]);
    }

    /// <summary>Posts exactly <paramref name="fields"/> (a test of what happens without a token uses it).</summary>
    public Task<HttpResponseMessage> PostFormWithoutTokenAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        _client.PostAsync(path, new FormUrlEncodedContent(fields));

    /// <summary>Signs out with the form of the layout.</summary>
    public Task<HttpResponseMessage> SignOutAsync() => PostFormAsync("/staff/cuenta/salir", [], formPage: "/staff/cuenta/salir");

    public const string AntiforgeryFieldName = "__RequestVerificationToken";

    /// <summary>The first antiforgery token in <paramref name="html"/> (every form of a page carries the same one).</summary>
    public static string? ReadAntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    public void Dispose() => _client.Dispose();

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex TokenPattern();
}
