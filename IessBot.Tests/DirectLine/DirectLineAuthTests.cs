using System.Net;
using System.Text.Json;
using IessBot.DirectLine;
using IessBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IessBot.Tests.DirectLine;

public class DirectLineAuthTests
{
    private static ConversationTokens Tokens(FakeTimeProvider clock, string secret = DirectLineJsConformanceTests.Secret) =>
        new(DirectLineSecret.Load(secret, Path.GetTempPath(), NullLogger.Instance), clock, Options.Create(new DirectLineOptions()));

    [Fact]
    public void A_token_names_its_conversation_and_user_until_it_expires()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tokens = Tokens(clock);
        var token = tokens.Issue("conv-1", "dl_ana");

        var (status, claims) = tokens.Validate(token);
        Assert.Equal(TokenStatus.Valid, status);
        Assert.Equal("conv-1", claims!.ConversationId);
        Assert.Equal("dl_ana", claims.UserId);
        Assert.False(claims.StreamOnly);

        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(TokenStatus.Expired, tokens.Validate(token).Status);
    }

    [Fact]
    public void A_token_signed_under_another_secret_or_altered_is_invalid()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var token = Tokens(clock).Issue("conv-1", "dl_ana");
        var other = Tokens(clock, "otro-secreto-0123456789abcdefghijklmnopqrstuv");
        var parts = token.Split('.');
        var forgedClaims = System.Buffers.Text.Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { iss = "iessbot-directline", conv = "conv-2", exp = 4102444800 }));

        Assert.Equal(TokenStatus.Invalid, other.Validate(token).Status);
        Assert.Equal(TokenStatus.Invalid, Tokens(clock).Validate($"{parts[0]}.{forgedClaims}.{parts[2]}").Status);
        Assert.Equal(TokenStatus.Invalid, Tokens(clock).Validate("a.b").Status);
        Assert.Equal(TokenStatus.Invalid, Tokens(clock).Validate("").Status);
    }

    [Fact]
    public void A_token_checked_once_does_not_vouch_for_an_altered_copy()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tokens = Tokens(clock);
        var token = tokens.Issue("conv-1", "dl_ana");
        Assert.Equal(TokenStatus.Valid, tokens.Validate(token).Status);

        var altered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.Equal(TokenStatus.Invalid, tokens.Validate(altered).Status);
        Assert.Equal(TokenStatus.Valid, tokens.Validate(token).Status);
    }

    [Fact]
    public void A_stream_token_lives_a_minute_and_says_so()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tokens = Tokens(clock);
        var stream = tokens.IssueForStream("conv-1", null);

        Assert.True(tokens.Validate(stream).Token!.StreamOnly);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(TokenStatus.Expired, tokens.Validate(stream).Status);
    }

    [Fact]
    public async Task Without_a_configured_secret_one_is_generated_in_the_data_directory_and_never_handed_out()
    {
        await using var host = await TestBotHost.StartAsync();
        var path = Path.Combine(host.DataDirectory, DirectLineSecret.FileName);
        var secret = (await File.ReadAllTextAsync(path)).Trim();
        using var http = host.CreateClient();

        using var tokenResponse = await http.PostAsync("api/directline/token", null);
        var token = await tokenResponse.Content.ReadAsStringAsync();
        using var withSecret = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/generate");
        withSecret.Headers.Authorization = new("Bearer", secret);
        using var generated = await http.SendAsync(withSecret);

        Assert.True(secret.Length >= 32);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        Assert.DoesNotContain(secret, token, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
    }

    [Fact]
    public async Task CORS_preflights_are_answered_for_configured_origins_only()
    {
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:AllowedOrigins:0"] = "https://www.iess.gob.ec" });
        using var http = host.CreateClient();

        using var allowed = await http.SendAsync(Preflight("https://www.iess.gob.ec"));
        using var other = await http.SendAsync(Preflight("https://evil.example"));

        Assert.Equal("https://www.iess.gob.ec", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var headers = string.Join(",", allowed.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("authorization", headers, StringComparison.Ordinal);
        Assert.Contains("x-ms-bot-agent", headers, StringComparison.Ordinal);
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_wrong_setting_stops_the_start_with_a_clear_message()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:AllowedOrigins:0"] = "https://www.iess.gob.ec/chat",
            ["DirectLine:Secret"] = "corto",
        }));

        Assert.Contains("DirectLine:AllowedOrigins", failure.Message, StringComparison.Ordinal);
        Assert.Contains("DirectLine:Secret must be at least 32 characters", failure.Message, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "v3/directline/conversations");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-ms-bot-agent,x-requested-with");
        return request;
    }
}
