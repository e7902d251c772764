using System.Text;
using System.Text.RegularExpressions;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Evidence;

namespace IessBot.Tests.WhatsApp;

/// <summary>
/// Complete filings over WhatsApp: webhooks signed as Meta signs them go in, the replies come out at a fake Graph API,
/// all over real HTTP on loopback with the real app, SQLite and encryption.
/// </summary>
public sealed partial class WhatsAppFilingTests
{
    internal const string Cedula = "1714307103";
    internal const string Email = "ciudadana.prueba@example.com";
    internal const string Street = "Avenida Amazonas N34-120 y Colón, frente al parque El Ejido";
    internal const string Description = "El lunes esperé seis horas en consulta externa y nadie me atendió 😟. La señora de información dijo que no había médicos.";

    internal static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");
    // A real, well-formed JPEG: evidence is now parsed segment by segment, and a truncated one is refused as damaged.
    internal static readonly byte[] Jpeg = Evidence.TestImages.EncodeJpeg();

    [Theory]
    [InlineData(CaseType.Queja, "Registrar queja", 'Q')]
    [InlineData(CaseType.Denuncia, "Registrar denuncia", 'D')]
    public async Task A_citizen_files_a_case_with_lists_buttons_and_media_and_gets_the_number_on_WhatsApp(CaseType type, string menuOption, char prefix)
    {
        await using var host = await WhatsAppTestHost.StartAsync();
        host.Graph.AddMedia("1016", Pdf, "application/pdf");
        host.Graph.AddMedia("1017", Jpeg, "image/jpeg");
        var citizen = new WhatsAppCitizen(host, "593991234567", "EC.13491208655302741918");

        var menu = Assert.Single(await citizen.SayAsync("Hola"));
        Assert.Equal("list", menu.InteractiveType);
        var categories = (await citizen.TapAsync(menu, menuOption))[^1];
        Assert.Equal("list", categories.InteractiveType);
        var consent = (await citizen.TapAsync(categories, categories.Options[0].Title))[^1];
        var cedula = (await citizen.TapAsync(consent, consent.Options[0].Title))[^1];
        Assert.Contains("cédula", cedula.Text, StringComparison.Ordinal);

        var phoneOffer = (await citizen.SayAsync(Cedula))[^1];
        Assert.Equal("button", phoneOffer.InteractiveType);
        Assert.Contains("+593 99 123 4567", phoneOffer.Text, StringComparison.Ordinal);
        var email = (await citizen.TapAsync(phoneOffer, "Usar este número"))[^1];
        Assert.Contains("correo", email.Text, StringComparison.Ordinal);

        var regions = (await citizen.SayAsync(Email))[^1];
        Assert.Equal(["Costa", "Sierra", "Amazonía/Galápagos"], regions.Options.Select(o => o.Title));
        var provinces = (await citizen.TapAsync(regions, "Sierra"))[^1];
        Assert.Equal("list", provinces.InteractiveType);
        Assert.Equal(10, provinces.Options.Count);
        var cantons = (await citizen.TapAsync(provinces, "Pichincha"))[^1];
        Assert.Equal("list", cantons.InteractiveType);
        var street = (await citizen.TapAsync(cantons, "Quito"))[^1];
        Assert.Contains("dirección", street.Text, StringComparison.Ordinal);

        await citizen.SayAsync(Street);
        var place = (await citizen.SayAsync(Description))[^1];
        var evidence = (await citizen.TapAsync(place, "Omitir"))[^1];
        Assert.Contains("PDF, JPG o PNG", evidence.Text, StringComparison.Ordinal);

        var first = (await citizen.SendMediaAsync("document", "1016", "application/pdf", FakeGraphApi.Sha256Of(Pdf), "denuncia.pdf"))[^1];
        Assert.Contains("Archivo recibido (1 de 5)", first.Text, StringComparison.Ordinal);
        var second = (await citizen.SendMediaAsync("image", "1017", "image/jpeg", FakeGraphApi.Sha256Of(Jpeg)))[^1];
        Assert.Contains("Archivo recibido (2 de 5)", second.Text, StringComparison.Ordinal);
        var summary = await citizen.TapAsync(second, "Listo");
        var confirm = summary[^1];
        Assert.Equal("button", confirm.InteractiveType);

        var filed = await citizen.TapAsync(confirm, "Confirmar");
        var caseNumber = filed.Select(m => CaseNumberPattern().Match(m.Text)).First(m => m.Success).Value;
        Assert.Equal(prefix, caseNumber[0]);
        Assert.All(host.Graph.Sent, m => Assert.Equal("+593991234567", m.To));

        var stored = await host.Bot.Services.GetRequiredService<ICaseStore>().GetAsync(caseNumber, default);
        Assert.NotNull(stored);
        Assert.Equal(Channels.WhatsApp, stored.ChannelId);
        Assert.Equal(type, stored.Type);
        Assert.Equal("+593991234567", stored.Phone);
        Assert.Equal(Cedula, stored.Cedula);
        Assert.Equal("1701", stored.Address.CantonCode);
        Assert.Equal(Description, stored.Description);
        Assert.Equal(["application/pdf", "image/jpeg"], stored.Evidence.Select(e => e.ContentType));
        var pdf = await host.Bot.Services.GetRequiredService<IEvidenceStore>().OpenReadAsync(stored.Evidence[0].EvidenceId, default);
        using (var copy = new MemoryStream())
        {
            await pdf!.CopyToAsync(copy);
            await pdf.DisposeAsync();
            Assert.Equal(Pdf, copy.ToArray());
        }
        Assert.All(host.Graph.DownloadAuthorizations, a => Assert.Equal("Bearer " + FakeGraphApi.AccessToken, a));
        Assert.All(host.Graph.DownloadUserAgents, ua => Assert.StartsWith("IessBot/", ua, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\b[QD]-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\b")]
    internal static partial Regex CaseNumberPattern();
}
