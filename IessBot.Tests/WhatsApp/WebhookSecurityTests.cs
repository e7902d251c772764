using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IessBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.WhatsApp;

/// <summary>Verification handshake, signatures over the raw bytes, bad input, the channel switch and its settings (reference §1, §3, §9).</summary>
public sealed class WebhookSecurityTests
{
    private const string WaId = "593991112233";

    private static string Hello(string text = "Hola") =>
        Webhooks.Envelope(Webhooks.Change([Webhooks.Contact(WaId, null)], [Webhooks.Text(WaId, text)]));

    private static Dictionary<string, string?> Stored => new() { ["WhatsApp:ProcessInbox"] = "false" };

    [Fact]
    public async Task Verification_answers_the_challenge_as_plain_text_for_the_right_token()
    {
        await using var host = await WhatsAppTestHost.StartAsync();

        using var response = await host.Http.GetAsync($"/api/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={WhatsAppTestHost.VerifyToken}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("hub.mode=subscribe&hub.challenge=42&hub.verify_token=wrong", HttpStatusCode.Forbidden)]
    [InlineData("hub.mode=unsubscribe&hub.challenge=42&hub.verify_token=verify-me-7c1a", HttpStatusCode.Forbidden)]
    [InlineData("hub.mode=subscribe&hub.challenge=42", HttpStatusCode.Forbidden)]
    [InlineData("hub.mode=subscribe&hub.verify_token=verify-me-7c1a", HttpStatusCode.BadRequest)]
    public async Task Verification_is_refused_without_the_right_mode_token_and_challenge(string query, HttpStatusCode expected)
    {
        await using var host = await WhatsAppTestHost.StartAsync();

        using var response = await host.Http.GetAsync("/api/whatsapp?" + query);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz3f2a")]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256=ñññññññññññññññññññññññññññññññññññññññññññññññññññññññññññññññ")]
    public async Task A_bad_or_missing_signature_is_401_and_nothing_is_stored(string? signature)
    {
        await using var host = await WhatsAppTestHost.StartAsync(Stored);
        var body = Hello();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/whatsapp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature);
        }

        // UTF-8 header bytes, so that non-ASCII garbage reaches the server as sent (§3 pitfall 5).
        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 }) { BaseAddress = host.Bot.BaseAddress };
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await host.Inbox.CountPendingAsync(default));
    }

    [Fact]
    public async Task A_signature_made_with_another_secret_is_401()
    {
        await using var host = await WhatsAppTestHost.StartAsync(Stored);
        var body = Hello();

        using var response = await Webhooks.PostAsync(host.Http, body, Webhooks.Sign(body, "another-app-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await host.Inbox.CountPendingAsync(default));
    }

    [Fact]
    public async Task The_signature_is_checked_over_the_escaped_bytes_and_a_reserialized_body_fails()
    {
        await using var host = await WhatsAppTestHost.StartAsync(Stored);
        var body = Hello("Mi correo es josé@example.com, la cédula está en la foto 😟 / ñandú");
        Assert.Contains("\\u00e9", body, StringComparison.Ordinal);
        Assert.Contains("\\ud83d\\ude1f", body, StringComparison.Ordinal);
        Assert.Contains("\\u0040", body, StringComparison.Ordinal);
        Assert.Contains("\\/", body, StringComparison.Ordinal);
        var signature = Webhooks.Sign(body);

        using var reserialized = await Webhooks.PostAsync(host.Http, JsonNode.Parse(body)!.ToJsonString(), signature);
        using var exact = await Webhooks.PostAsync(host.Http, body, signature);
        using var upperCase = await Webhooks.PostAsync(host.Http, body, "sha256=" + signature["sha256=".Length..].ToUpperInvariant());

        Assert.Equal(HttpStatusCode.Unauthorized, reserialized.StatusCode);
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
        Assert.Equal(HttpStatusCode.OK, upperCase.StatusCode);
        Assert.Equal(2, await host.Inbox.CountPendingAsync(default));
    }

    [Theory]
    [InlineData("{\"object\":\"whatsapp_business_account\",\"entry\":[")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task A_signed_body_that_is_not_json_is_400_and_nothing_is_stored(string body)
    {
        await using var host = await WhatsAppTestHost.StartAsync(Stored);

        using var response = await Webhooks.PostAsync(host.Http, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await host.Inbox.CountPendingAsync(default));
    }

    [Fact]
    public async Task A_body_over_the_size_cap_is_413_before_it_is_stored()
    {
        await using var host = await WhatsAppTestHost.StartAsync(new Dictionary<string, string?> { ["WhatsApp:ProcessInbox"] = "false", ["WhatsApp:MaxPayloadBytes"] = "65536" });

        using var response = await Webhooks.PostAsync(host.Http, Hello(new string('a', 70_000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await host.Inbox.CountPendingAsync(default));
    }

    [Fact]
    public async Task Unknown_fields_everywhere_and_another_object_are_acknowledged()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var message = Webhooks.Text(WaId, "Hola");
        message["from_logical_id"] = "131"; // observed, not documented (§2.1)
        message["country_code"] = "EC";
        var change = Webhooks.Change([Webhooks.Contact(WaId, null)], [message]);
        change["value"]!["brand_new_feature"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) };

        using var known = await host.DeliverAsync(Webhooks.Envelope(change));
        using var other = await Webhooks.PostAsync(host.Http, "{\"object\":\"page\",\"entry\":[]}");

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Single(host.Graph.Sent);
    }

    [Fact]
    public async Task The_stored_inbox_holds_no_phone_number_or_text_in_clear()
    {
        await using var host = await WhatsAppTestHost.StartAsync(Stored);
        await Webhooks.PostAsync(host.Http, Hello("Mi cédula es 1714307103"));

        foreach (var file in Directory.EnumerateFiles(host.Bot.DataDirectory, "iessbot.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            foreach (var value in new[] { WaId, "1714307103", "Mi c" })
            {
                Assert.True(copy.ToArray().AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) < 0, $"'{value}' in clear in {Path.GetFileName(file)}");
            }
        }
    }

    [Fact]
    public async Task Without_a_phone_number_id_the_channel_is_off_and_says_so()
    {
        var logs = new LogCapture();
        await using var host = await TestBotHost.StartAsync(configure: b => b.Logging.AddProvider(logs));
        using var http = host.CreateClient();

        using var get = await http.GetAsync("/api/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=x");
        using var post = await Webhooks.PostAsync(http, Hello());

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.True(logs.Contains("Channel off: WhatsApp"));
    }

    [Theory]
    [InlineData("WhatsApp:AppSecret", "", "WhatsApp:AppSecret")]
    [InlineData("WhatsApp:AccessToken", "", "WhatsApp:AccessToken")]
    [InlineData("WhatsApp:GraphApiVersion", "25", "WhatsApp:GraphApiVersion")]
    [InlineData("WhatsApp:PhoneNumberId", "+1 555 078 3881", "WhatsApp:PhoneNumberId")]
    public async Task A_wrong_setting_fails_the_start_with_a_clear_message(string key, string value, string named)
    {
        await using var graph = await FakeGraphApi.StartAsync();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => WhatsAppTestHost.StartAsync(new Dictionary<string, string?> { [key] = value }, graph));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_and_phone_numbers_never_reach_the_logs()
    {
        var logs = new LogCapture();
        await using var host = await WhatsAppTestHost.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft"] = "Trace", ["Logging:LogLevel:System"] = "Trace" },
            configure: b => b.Logging.AddProvider(logs));
        host.Graph.FailNextSends(429, 130429);
        var citizen = new WhatsAppCitizen(host, WaId);
        var menu = Assert.Single(await citizen.SayAsync("Hola"));
        await citizen.TapAsync(menu, "Registrar queja");
        await Webhooks.PostAsync(host.Http, Hello(), "sha256=bad");
        await host.Http.GetAsync("/api/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong");

        Assert.NotEmpty(logs.Entries);
        foreach (var secret in new[] { FakeGraphApi.AccessToken, Webhooks.AppSecret, WhatsAppTestHost.VerifyToken, WaId, "991112233", "María" })
        {
            Assert.False(logs.Contains(secret), $"a log entry contains '{secret}'");
        }
    }
}
