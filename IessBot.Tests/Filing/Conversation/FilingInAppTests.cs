using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Filing;
using IessBot.Filing.Texts;
using IessBot.Tests.Infrastructure;
using IessBot.Turns;

namespace IessBot.Tests.Filing.Conversation;

/// <summary>The filing conversation inside the real app: its composition, the turn pipeline and the encrypted SQLite state store.</summary>
public sealed class FilingInAppTests
{
    [Fact]
    public async Task The_benchmark_script_files_a_queja_through_the_turn_pipeline_and_its_last_reply_has_the_case_number()
    {
        // The channels register the real attachment source; this conversation uploads nothing.
        await using var host = await TestBotHost.StartAsync(configure: builder =>
            builder.Services.AddSingleton<IAttachmentContentSource, InMemoryAttachmentSource>());
        Assert.IsType<IessFilingBot>(host.Services.GetRequiredService<IBot>());
        var pipeline = host.Services.GetRequiredService<TurnPipeline>();
        var sequence = 0;
        async Task<IReadOnlyList<Activity>> TurnAsync(Activity activity)
        {
            var outcome = await pipeline.ProcessAsync(activity with
            {
                Id = $"a{sequence++}",
                ChannelId = Channels.Emulator,
                ServiceUrl = "http://127.0.0.1:1",
                From = new ChannelAccount { Id = "citizen" },
                Recipient = new ChannelAccount { Id = "iessbot" },
                Conversation = new ConversationAccount { Id = "in-app-1" },
            }, (_, _) => Task.CompletedTask, default);
            return outcome.Replies;
        }

        var welcome = await TurnAsync(new Activity { Type = ActivityTypes.ConversationUpdate, MembersAdded = [new() { Id = "iessbot" }, new() { Id = "citizen" }] });
        Assert.Equal(MenuTexts.Greeting, Assert.Single(welcome).Text);
        IReadOnlyList<Activity> replies = [];
        foreach (var text in IessBot.Benchmarks.FilingScript.Answers)
        {
            replies = await TurnAsync(new Activity { Type = ActivityTypes.Message, Text = text, TextFormat = TextFormatTypes.Plain });
            Assert.NotEmpty(replies);
        }

        var number = FilingHarness.CaseNumberIn(replies[^1].Text!);
        Assert.NotNull(number);
        Assert.Contains(number, replies[0].Text);
        var stored = await host.Services.GetRequiredService<ICaseStore>().GetAsync(number, default);
        Assert.Equal((FilingHarness.Cedula, "maltrato-personal", Channels.Emulator), (stored!.Cedula, stored.Category, stored.ChannelId));
        Assert.Equal("Av. 10 de Agosto N23-45 y Bogotá, junto al parque", stored.Address.Street);
        Assert.Null(stored.Place);
    }
}
