using IessBot.Cases;
using IessBot.Notifications;
using IessBot.Tests.Storage;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.Notifications;

public sealed class ConfirmationEmailTests
{
    private readonly ConfirmationEmail _email = new(Options.Create(new NotificationOptions()));

    [Fact]
    public void The_email_says_the_number_type_and_ecuador_date_how_to_follow_the_case_and_the_rights()
    {
        var filed = EmbeddedStorage.SampleCase(caseNumber: "Q-7K3M-9XQ2-HT") with { FiledAt = new DateTimeOffset(2025, 3, 2, 3, 5, 0, TimeSpan.Zero) };

        var message = _email.For(filed);
        var payload = EmailPayload.FromJson(message.Payload);

        Assert.Equal((OutboxChannels.Email, "Q-7K3M-9XQ2-HT/confirmacion", "Q-7K3M-9XQ2-HT"), (message.Channel, message.Id, message.CaseNumber));
        Assert.Equal("maria.perez@example.ec", payload.To);
        Assert.Equal("IESS: recibimos su queja Q-7K3M-9XQ2-HT", payload.Subject);
        Assert.Equal("Q-7K3M-9XQ2-HT.confirmacion@iess.gob.ec", payload.MessageId);
        foreach (var body in new[] { payload.Text, payload.Html })
        {
            Assert.Contains("Q-7K3M-9XQ2-HT", body);
            Assert.Contains("Queja", body);
            // 03:05 UTC on 2 March is 22:05 on 1 March in Ecuador (UTC−5).
            Assert.Contains("1 de marzo de 2025, 22:05 (hora de Ecuador)", body);
            Assert.Contains("Consultar mi caso", body);
            Assert.Contains("cédula", body);
            Assert.Contains("gestiondenuncias@iess.gob.ec", body);
            Assert.Contains("rectificación", body);
        }
    }

    [Fact]
    public void The_email_never_carries_the_personal_details_of_the_case()
    {
        var filed = EmbeddedStorage.SampleCase() with { Type = CaseType.Denuncia };

        var payload = EmailPayload.FromJson(_email.For(filed).Payload);

        foreach (var body in new[] { payload.Subject, payload.Text, payload.Html })
        {
            Assert.DoesNotContain(filed.Cedula, body);
            Assert.DoesNotContain(filed.Phone, body);
            Assert.DoesNotContain("991234567", body);
            Assert.DoesNotContain(filed.Email, body);
            Assert.DoesNotContain(filed.Address.Street, body);
            Assert.DoesNotContain(filed.Description, body);
            Assert.DoesNotContain(filed.Place!, body);
            Assert.DoesNotContain(filed.Evidence[0].OriginalName, body);
            Assert.DoesNotContain(filed.Evidence[0].Sha256, body);
        }
        Assert.Contains("reserva", payload.Text);
    }

    [Fact]
    public void The_html_loads_nothing_from_the_network()
    {
        var html = EmailPayload.FromJson(_email.For(EmbeddedStorage.SampleCase()).Payload).Html;

        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(4, 800)]
    [InlineData(20, 1000)]
    public void Retries_back_off_exponentially_up_to_the_maximum(int attempt, int expectedMilliseconds)
    {
        var options = new NotificationOptions { RetryInitialDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromSeconds(1) };

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), options.RetryDelay(attempt));
    }
}
