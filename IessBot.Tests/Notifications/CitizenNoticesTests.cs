using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Notifications;
using IessBot.Tests.Storage;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.Notifications;

/// <summary>What a citizen is sent when staff ask for information or resolve: an e-mail and a message on the channel they used.</summary>
public sealed class CitizenNoticesTests
{
    internal const string Request = "Adjunte la constancia de su turno del 28 de febrero, por favor.";
    internal const string Resolution = "Se sancionó al servidor responsable y se reorganizaron los turnos de emergencia.";

    internal static readonly DateTimeOffset At = new(2025, 3, 10, 15, 0, 0, TimeSpan.Zero);

    internal static readonly CitizenChannel EmulatorOrigin = new("emulator", "http://127.0.0.1:9/", "c1|livechat", "user-1", "bot-1");

    private readonly CitizenNotices _notices = New();

    internal static CitizenNotices New() => new(Options.Create(new NotificationOptions()), Options.Create(new CaseDeadlineOptions()));

    internal static CaseEvent Requested(string text = Request) =>
        new(At, CaseEventKind.InformationRequested, "staff-1", "Ana Torres", IsPublic: true, text, CaseStatuses.InAnalysis, CaseStatuses.InformationRequested);

    internal static CaseEvent Resolved(string text = Resolution) =>
        new(At, CaseEventKind.Resolved, "staff-1", "Ana Torres", IsPublic: true, text, CaseStatuses.InAnalysis, CaseStatuses.Resolved);

    [Fact]
    public void A_request_gives_an_email_with_its_text_and_a_chat_message_that_says_how_to_answer()
    {
        var filed = EmbeddedStorage.SampleCase(caseNumber: "Q-7K3M-9XQ2-HT") with { Origin = EmulatorOrigin };

        var messages = _notices.For(filed, Requested());

        Assert.Equal([OutboxChannels.Email, OutboxChannels.Chat], messages.Select(m => m.Channel));
        Assert.All(messages, m => Assert.Equal("Q-7K3M-9XQ2-HT", m.CaseNumber));
        Assert.Equal($"Q-7K3M-9XQ2-HT:InformationRequested:{At.UtcTicks}:email", messages[0].Id);
        var email = EmailPayload.FromJson(messages[0].Payload);
        Assert.Equal("maria.perez@example.ec", email.To);
        Assert.Equal("IESS: necesitamos información sobre su queja Q-7K3M-9XQ2-HT", email.Subject);
        Assert.Equal($"Q-7K3M-9XQ2-HT.informationrequested.{At.UtcTicks}@iess.gob.ec", email.MessageId);
        foreach (var body in new[] { email.Text, email.Html })
        {
            Assert.Contains("Consultar mi caso", body);
            Assert.Contains("10 días hábiles", body);
        }
        Assert.Contains(Request, email.Text);
        Assert.Contains(Request, email.Html);
        Assert.DoesNotContain("<script", EmailPayload.FromJson(_notices.For(filed, Requested("<script>alert(1)</script>"))[0].Payload).Html);

        var chat = ChatNotice.FromJson(messages[1].Payload);
        Assert.Equal(EmulatorOrigin, chat.To);
        Assert.Contains("> " + Request, chat.Text);
        Assert.Contains("*Consultar mi caso*", chat.Text);
        Assert.Contains("Responder ahora", chat.Text);
        Assert.DoesNotContain('\n', chat.News);
    }

    [Fact]
    public void A_resolution_carries_its_text_in_both_messages()
    {
        var filed = EmbeddedStorage.SampleCase() with { Type = CaseType.Denuncia, Origin = EmulatorOrigin };

        var messages = _notices.For(filed, Resolved());

        var email = EmailPayload.FromJson(messages[0].Payload);
        Assert.StartsWith("IESS: resolución de su denuncia", email.Subject);
        Assert.Contains(Resolution, email.Text);
        Assert.Contains("fue resuelta", ChatNotice.FromJson(messages[1].Payload).Text);
        Assert.Contains(Resolution, ChatNotice.FromJson(messages[1].Payload).Text);
    }

    [Fact]
    public void Queuing_the_same_event_again_gives_the_same_ids_and_another_event_other_ids()
    {
        var filed = EmbeddedStorage.SampleCase() with { Origin = EmulatorOrigin };

        var first = _notices.For(filed, Requested()).Select(m => m.Id);
        var again = _notices.For(filed, Requested()).Select(m => m.Id);
        var later = _notices.For(filed, Requested() with { At = At.AddDays(3) }).Select(m => m.Id);

        Assert.Equal(first, again);
        Assert.Empty(first.Intersect(later));
    }

    [Theory]
    [InlineData(Channels.WhatsApp, null, OutboxChannels.WhatsApp)]
    [InlineData(Channels.DirectLine, CallerIds.SelfHostedDirectLine, OutboxChannels.DirectLine)]
    [InlineData(Channels.DirectLine, "urn:botframework:azure", OutboxChannels.Chat)]
    [InlineData(Channels.Webchat, "urn:botframework:azure", OutboxChannels.Chat)]
    [InlineData(Channels.Emulator, null, OutboxChannels.Chat)]
    public void The_channel_message_goes_to_the_sender_of_the_channel_the_citizen_used(string channelId, string? callerId, string expected)
    {
        var filed = EmbeddedStorage.SampleCase() with { Origin = EmulatorOrigin with { ChannelId = channelId, CallerId = callerId } };

        var messages = _notices.For(filed, Requested());

        Assert.Equal(expected, messages[1].Channel);
        Assert.EndsWith(":" + expected, messages[1].Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_origin_only_the_email_is_queued()
    {
        var messages = _notices.For(EmbeddedStorage.SampleCase(), Requested());

        Assert.Equal(OutboxChannels.Email, Assert.Single(messages).Channel);
    }

    [Fact]
    public void Events_the_citizen_is_not_told_about_queue_nothing()
    {
        var filed = EmbeddedStorage.SampleCase() with { Origin = EmulatorOrigin };
        var note = new CaseEvent(At, CaseEventKind.NoteAdded, "staff-1", "Ana Torres", IsPublic: false, "Nota interna");

        Assert.Empty(_notices.For(filed, note));
        Assert.Empty(_notices.For(filed, Requested(" ")));
    }

    [Fact]
    public void Neither_message_repeats_what_the_citizen_told_or_their_identity()
    {
        var filed = EmbeddedStorage.SampleCase() with { Origin = EmulatorOrigin };

        foreach (var message in _notices.For(filed, Requested()))
        {
            var content = message.Channel == OutboxChannels.Email
                ? string.Join("\n", EmailPayload.FromJson(message.Payload) is var e ? new[] { e.Subject, e.Text, e.Html } : [])
                : ChatNotice.FromJson(message.Payload).Text + ChatNotice.FromJson(message.Payload).News;
            Assert.DoesNotContain(filed.Cedula, content);
            Assert.DoesNotContain(filed.Description, content);
            Assert.DoesNotContain(filed.Address.Street, content);
            Assert.DoesNotContain(filed.Evidence[0].OriginalName, content);
        }
    }
}
