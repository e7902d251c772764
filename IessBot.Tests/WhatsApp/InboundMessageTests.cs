using System.Text.Json.Nodes;
using IessBot.Evidence;
using IessBot.WhatsApp;

namespace IessBot.Tests.WhatsApp;

/// <summary>Every inbound type of reference §2.3, senders of §2.9, and media of §6 (limits, 404, hash).</summary>
public sealed class InboundMessageTests
{
    private const string WaId = "593996667788";

    public static TheoryData<string, string> UnsupportedMessages => new()
    {
        { "audio", """{"mime_type":"audio/ogg; codecs=opus","sha256":"abc=","id":"2001","voice":true}""" },
        { "video", """{"mime_type":"video/mp4","id":"2002"}""" },
        { "sticker", """{"mime_type":"image/webp","id":"2003","animated":false}""" },
        { "location", """{"latitude":-0.1807,"longitude":-78.4678,"name":"IESS","address":"Quito"}""" },
        { "reaction", """{"message_id":"wamid.OUT000001==","emoji":"\ud83d\udc4d"}""" },
        { "unsupported", """{"type":"poll_creation"}""" },
        { "hologram", """{"depth":3}""" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedMessages))]
    public async Task What_the_bot_cannot_take_is_answered_with_a_short_explanation(string type, string content)
    {
        await using var host = await WhatsAppTestHost.StartAsync();

        var reply = Assert.Single(await new WhatsAppCitizen(host, WaId).SendAsync(Webhooks.Message(WaId, null, type, JsonNode.Parse(content)!.AsObject())));

        Assert.Equal(WhatsAppTexts.NotSupported, reply.Text);
    }

    [Fact]
    public async Task Contacts_cards_and_an_interactive_message_without_its_object_get_the_explanation_too()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var citizen = new WhatsAppCitizen(host, WaId);
        var contacts = Webhooks.Message(WaId, null, "contacts", []);
        contacts["contacts"] = new JsonArray(new JsonObject { ["name"] = new JsonObject { ["formatted_name"] = "Ana" } });
        var broken = Webhooks.Message(WaId, null, "interactive", []);
        broken.Remove("interactive");

        Assert.Equal(WhatsAppTexts.NotSupported, Assert.Single(await citizen.SendAsync(contacts)).Text);
        Assert.Equal(WhatsAppTexts.NotSupported, Assert.Single(await citizen.SendAsync(broken)).Text);
    }

    [Fact]
    public async Task A_removed_reaction_and_a_system_notice_get_no_answer()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var citizen = new WhatsAppCitizen(host, WaId);
        var system = Webhooks.Message(WaId, null, "system", new JsonObject { ["body"] = "User changed number", ["wa_id"] = "593990000000", ["type"] = "user_changed_number" });

        Assert.Empty(await citizen.SendAsync(Webhooks.Message(WaId, null, "reaction", new JsonObject { ["message_id"] = "wamid.OUT000001==" })));
        Assert.Empty(await citizen.SendAsync(system));
    }

    [Fact]
    public async Task A_file_over_100_MB_that_WhatsApp_did_not_deliver_is_explained()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var message = Webhooks.Message(WaId, null, "unsupported", new JsonObject { ["type"] = "media_placeholder" });
        message["errors"] = new JsonArray(new JsonObject { ["code"] = 131052, ["title"] = "Media file size too big" });

        Assert.Equal(WhatsAppTexts.MediaTooLarge, Assert.Single(await new WhatsAppCitizen(host, WaId).SendAsync(message)).Text);
    }

    [Fact]
    public async Task A_sender_outside_Ecuador_is_offered_their_own_number_and_answered_with_a_plus()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var citizen = new WhatsAppCitizen(host, "16505551234");

        var offer = await WalkToPhoneAsync(citizen);

        Assert.Equal("button", offer.InteractiveType);
        Assert.Contains("+1 650-555-1234", offer.Text, StringComparison.Ordinal);
        Assert.All(host.Graph.Sent, m => Assert.Equal("+16505551234", m.To));
    }

    [Fact]
    public async Task A_citizen_known_only_by_business_scoped_id_is_answered_by_it_and_asked_for_a_phone()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var citizen = new WhatsAppCitizen(host, null, "EC.4455667788990011");

        var phone = await WalkToPhoneAsync(citizen);

        Assert.Equal("text", phone.Type);
        Assert.Contains("teléfono", phone.Text, StringComparison.Ordinal);
        Assert.All(host.Graph.Sent, m => Assert.Equal("EC.4455667788990011", m.Recipient));
        Assert.All(host.Graph.Sent, m => Assert.Null(m.To));
    }

    [Fact]
    public async Task A_province_typed_instead_of_tapped_is_accepted_at_both_steps()
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var citizen = new WhatsAppCitizen(host, WaId);
        await WalkToPhoneAsync(citizen);
        await citizen.SayAsync("Usar este número");
        var regions = (await citizen.SayAsync(WhatsAppFilingTests.Email))[^1];

        var costa = (await citizen.TapAsync(regions, "Costa"))[^1];
        Assert.Contains(costa.Options, o => o.Title == "Santo Domingo" && o.Description == "Santo Domingo de los Tsáchilas");
        Assert.All(costa.Options, o => Assert.True(o.Title.Length <= 24));
        // Quito is not in the Costa list: typed, it is taken as Pichincha's capital.
        var street = (await citizen.SayAsync("quito"))[^1];

        Assert.Contains("dirección", street.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2 * 1024 * 1024, "pesa más de 1 MB")]
    [InlineData(-1, "No pudimos leer")]
    [InlineData(-2, "No pudimos leer")]
    public async Task Media_over_the_limit_missing_or_altered_is_refused_and_nothing_is_stored(int size, string expected)
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        var bytes = new byte[Math.Max(size, 64)];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        if (size != -1)
        {
            // -2: served, but not the file WhatsApp announced.
            host.Graph.AddMedia("3001", bytes, "application/pdf", size == -2 ? FakeGraphApi.Sha256Of([1, 2, 3]) : null);
        }
        var citizen = new WhatsAppCitizen(host, WaId);
        await WalkToEvidenceAsync(citizen);

        var reply = (await citizen.SendMediaAsync("document", "3001", "application/pdf", null, "informe.pdf"))[^1];

        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        var evidence = Path.Combine(host.Bot.DataDirectory, "evidence");
        Assert.Empty(Directory.Exists(evidence) ? Directory.EnumerateFiles(evidence) : []);
    }

    [Fact]
    public async Task A_media_id_is_never_opened_by_another_channel_source()
    {
        await using var host = await WhatsAppTestHost.StartAsync();

        var source = host.Bot.Services.GetServices<IAttachmentContentSource>().Last(s => s.CanOpen("whatsapp-media:123"));

        Assert.False(source.CanOpen("https://example.com/a.pdf"));
    }

    internal static async Task<SentMessage> WalkToPhoneAsync(WhatsAppCitizen citizen)
    {
        await citizen.SayAsync("Hola");
        await citizen.SayAsync("Registrar queja");
        await citizen.SayAsync("1");
        await citizen.SayAsync("Acepto");
        return (await citizen.SayAsync(WhatsAppFilingTests.Cedula))[^1];
    }

    private static async Task WalkToEvidenceAsync(WhatsAppCitizen citizen)
    {
        await WalkToPhoneAsync(citizen);
        foreach (var answer in new[] { "Usar este número", WhatsAppFilingTests.Email, "Pichincha", "Quito", WhatsAppFilingTests.Street, WhatsAppFilingTests.Description, "Omitir" })
        {
            await citizen.SayAsync(answer);
        }
    }
}
