using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IessBot.Tests.Evidence;
using IessBot.Tests.Infrastructure;

namespace IessBot.Tests.DirectLine;

/// <summary>Bad input over real HTTP: each is answered with a clear Direct Line error, and the server keeps serving.</summary>
public class DirectLineInputTests
{
    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["Evidence:MaxQuejaFileBytes"] = "16384",
        ["Evidence:MaxDenunciaFileBytes"] = "65536",
        ["DirectLine:MaxFilesPerUpload"] = "2",
    };

    [Fact]
    public async Task Malformed_JSON_is_400_BadSyntax_and_the_conversation_goes_on()
    {
        await using var host = await TestBotHost.StartAsync();
        using var client = await DirectLineTestClient.StartAsync(host);

        using var response = await client.SendAsync(HttpMethod.Post, client.ActivitiesPath, new StringContent("{\"type\":\"message\",", Encoding.UTF8, "application/json"));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadSyntax");
        Assert.NotEmpty(await client.SayAsync("Ayuda"));
    }

    [Fact]
    public async Task Text_over_the_activity_limit_is_413_without_reaching_the_bot()
    {
        await using var host = await TestBotHost.StartAsync();
        using var client = await DirectLineTestClient.StartAsync(host);
        await client.NewActivitiesAsync();

        using var response = await client.SendAsync(HttpMethod.Post, client.ActivitiesPath, JsonContent.Create(client.Message(new string('a', 300_000))));

        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "MessageSizeTooBig");
        Assert.Empty(await client.NewActivitiesAsync());
        Assert.NotEmpty(await client.SayAsync("Ayuda"));
    }

    [Fact]
    public async Task A_token_for_another_conversation_is_403_everywhere()
    {
        await using var host = await TestBotHost.StartAsync();
        using var mine = await DirectLineTestClient.StartAsync(host);
        using var other = await DirectLineTestClient.StartAsync(host);

        using var read = await mine.SendAsync(HttpMethod.Get, $"{other.ActivitiesPath}?watermark=", null);
        using var post = await mine.SendAsync(HttpMethod.Post, other.ActivitiesPath, JsonContent.Create(mine.Message("hola")));
        using var upload = await mine.SendAsync(HttpMethod.Post, other.UploadPath, mine.UploadContent(("a.pdf", "application/pdf", new MemoryStream([1, 2, 3]))));
        using var reconnect = await mine.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{other.ConversationId}?watermark=", null);

        await AssertErrorAsync(read, HttpStatusCode.Forbidden, "BadArgument");
        await AssertErrorAsync(post, HttpStatusCode.Forbidden, "BadArgument");
        await AssertErrorAsync(upload, HttpStatusCode.Forbidden, "BadArgument");
        await AssertErrorAsync(reconnect, HttpStatusCode.Forbidden, "BadArgument");
        Assert.NotEmpty(await other.SayAsync("Ayuda"));
    }

    [Fact]
    public async Task Garbage_and_stream_tokens_are_refused_for_REST()
    {
        await using var host = await TestBotHost.StartAsync();
        using var client = await DirectLineTestClient.StartAsync(host);
        using var start = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{client.ConversationId}?watermark=", null);
        var streamUrl = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("streamUrl").GetString()!;
        var streamToken = streamUrl[(streamUrl.IndexOf("t=", StringComparison.Ordinal) + 2)..];

        using var garbage = await client.SendAsync(HttpMethod.Get, $"{client.ActivitiesPath}?watermark=", null, token: "not-a-token");
        using var tampered = await client.SendAsync(HttpMethod.Get, $"{client.ActivitiesPath}?watermark=", null, token: client.Token[..^2] + "xx");
        using var stream = await client.SendAsync(HttpMethod.Get, $"{client.ActivitiesPath}?watermark=", null, token: streamToken);
        using var badWatermark = await client.SendAsync(HttpMethod.Get, $"{client.ActivitiesPath}?watermark=abc", null);

        await AssertErrorAsync(garbage, HttpStatusCode.Forbidden, "BadArgument");
        await AssertErrorAsync(tampered, HttpStatusCode.Forbidden, "BadArgument");
        await AssertErrorAsync(stream, HttpStatusCode.Forbidden, "BadArgument");
        await AssertErrorAsync(badWatermark, HttpStatusCode.BadRequest, "BadArgument");
    }

    [Fact]
    public async Task Files_cannot_be_posted_as_links_only_uploaded()
    {
        await using var host = await TestBotHost.StartAsync();
        using var client = await DirectLineTestClient.StartAsync(host);
        var activity = new
        {
            type = "message",
            from = new { id = client.UserId },
            attachments = new[] { new { contentType = "application/pdf", contentUrl = "http://169.254.169.254/latest/meta-data", name = "x.pdf" } },
        };

        using var response = await client.SendAsync(HttpMethod.Post, client.ActivitiesPath, JsonContent.Create(activity));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "BadArgument");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_multipart_body_over_the_upload_limit_is_refused_with_413_and_nothing_is_kept(bool chunked)
    {
        await using var host = await TestBotHost.StartAsync(SmallLimits);
        using var client = await DirectLineTestClient.StartAsync(host);
        await client.NewActivitiesAsync();
        var file = new byte[4 * 1024 * 1024];
        "%PDF-1.4\n"u8.CopyTo(file);
        var content = client.UploadContent(("grande.pdf", "application/pdf", chunked ? new GeneratedStream(file.Length, file[..9]) : new MemoryStream(file)));
        using var request = client.Request(HttpMethod.Post, client.UploadPath, content);
        request.Headers.TransferEncodingChunked = chunked;

        using var http = host.CreateClient();
        HttpResponseMessage? response = null;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection while the client is still sending: refused all the same.
        }

        if (response is not null)
        {
            await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "MessageSizeTooBig");
            response.Dispose();
        }
        Assert.Empty(await client.NewActivitiesAsync());
        Assert.Empty(Directory.GetFiles(Path.Combine(host.DataDirectory, "evidence")));
        Assert.NotEmpty(await client.SayAsync("Ayuda"));
    }

    [Fact]
    public async Task Unknown_conversation_is_404_and_no_credentials_is_401()
    {
        await using var host = await TestBotHost.StartAsync(new Dictionary<string, string?> { ["DirectLine:Secret"] = DirectLineJsConformanceTests.Secret });
        using var http = host.CreateClient();
        using var unknown = new HttpRequestMessage(HttpMethod.Get, "v3/directline/conversations/desconocida/activities?watermark=");
        unknown.Headers.Authorization = new("Bearer", DirectLineJsConformanceTests.Secret);

        using var notFound = await http.SendAsync(unknown);
        using var anonymous = await http.GetAsync("v3/directline/conversations/desconocida/activities?watermark=");

        await AssertErrorAsync(notFound, HttpStatusCode.NotFound, "NotFound");
        await AssertErrorAsync(anonymous, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    internal static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
    }
}
