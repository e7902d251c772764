using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IessBot.DirectLine;
using IessBot.Tests.Infrastructure;

namespace IessBot.Tests.DirectLine;

/// <summary>What the server gives the page: the page, its token, the Web Chat bundle (no CDN) and the embed script.</summary>
public class WebChatPageTests
{
    [Fact]
    public async Task The_page_is_Spanish_loads_the_bundle_from_this_server_and_never_holds_the_secret()
    {
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:Secret"] = DirectLineJsConformanceTests.Secret });
        using var http = host.CreateClient();

        var page = await http.GetStringAsync("/");
        var script = await http.GetStringAsync("/chat.js");

        Assert.Contains("<html lang=\"es-EC\">", page, StringComparison.Ordinal);
        Assert.Contains("<script src=\"webchat/webchat.js\"></script>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http", page.Split("<body>")[0], StringComparison.Ordinal); // nothing from another host
        Assert.Contains("locale: 'es-EC'", script, StringComparison.Ordinal);
        Assert.Contains("api/directline/token", script, StringComparison.Ordinal);
        Assert.DoesNotContain(DirectLineJsConformanceTests.Secret, page + script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_token_endpoint_answers_429_with_Retry_After_past_the_limit_per_client_address()
    {
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:TokenRequestsPerWindow"] = "3",
            ["DirectLine:TokenRateWindow"] = "00:10:00",
        });
        using var http = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var granted = await http.PostAsync("api/directline/token", null);
            statuses.Add(granted.StatusCode);
        }
        using var refused = await http.PostAsync("api/directline/token", null);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 600);
        Assert.Equal("TooManyRequests", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        // Only the public endpoint is limited: the page itself still loads.
        using var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    public void Clients_are_counted_by_IPv4_address_or_IPv6_64_network(string address, string key) =>
        Assert.Equal(key, TokenRateLimit.ClientKey(System.Net.IPAddress.Parse(address)));

    [Fact]
    public async Task The_page_token_is_a_short_lived_token_for_a_new_conversation_and_user()
    {
        await using var host = await TestBotHost.StartAsync();
        using var http = host.CreateClient();

        using var first = await http.PostAsync("api/directline/token", null);
        using var second = await http.PostAsync("api/directline/token", null);
        var a = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        var b = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(1800, a.GetProperty("expires_in").GetInt32());
        Assert.NotEqual(a.GetProperty("conversationId").GetString(), b.GetProperty("conversationId").GetString());
        var (status, token) = host.Services.GetRequiredService<ConversationTokens>().Validate(a.GetProperty("token").GetString()!);
        Assert.Equal(TokenStatus.Valid, status);
        Assert.Equal(a.GetProperty("conversationId").GetString(), token!.ConversationId);
        Assert.StartsWith("dl_", token.UserId, StringComparison.Ordinal);
        Assert.Equal("no-store", first.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_Web_Chat_bundle_is_served_gzipped_from_memory_and_cached_by_browsers()
    {
        await using var host = await TestBotHost.StartAsync();
        using var http = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, WebChatBundle.Path);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

        using var response = await http.SendAsync(request);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        await using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.True(compressed.Length < 1_200_000, $"{compressed.Length} bytes compressed");
        Assert.Equal(new FileInfo(Path.Combine(AppContext.BaseDirectory, "wwwroot", "webchat", "webchat.js")).Length, plain.Length);
        Assert.Contains("renderWebChat", System.Text.Encoding.UTF8.GetString(plain.ToArray()), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(1), response.Headers.CacheControl?.MaxAge);

        using var again = new HttpRequestMessage(HttpMethod.Get, WebChatBundle.Path);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task The_embed_script_opens_this_server_s_page_in_a_panel()
    {
        await using var host = await TestBotHost.StartAsync();
        using var http = host.CreateClient();

        using var response = await http.GetAsync("/embed.js");
        var script = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("document.currentScript", script, StringComparison.Ordinal);
        Assert.Contains("?embebido=1", script, StringComparison.Ordinal);
    }
}
