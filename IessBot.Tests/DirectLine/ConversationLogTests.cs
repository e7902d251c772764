using System.Text.Json;
using IessBot.BotFramework.Schema;
using IessBot.DirectLine;
using IessBot.Storage.Embedded;
using IessBot.Tests.Storage;
using Microsoft.Extensions.Options;

namespace IessBot.Tests.DirectLine;

/// <summary>The activity log over a real SQLite file: echoes reserved before the turn, stored with its replies.</summary>
public sealed class ConversationLogTests : IDisposable
{
    private readonly EmbeddedStorage _storage = new();
    private readonly SqliteDirectLineStore _store;
    private readonly DirectLineStreams _streams = new();

    public ConversationLogTests() => _store = new SqliteDirectLineStore(_storage.Database, _storage.Protector);

    [Fact]
    public async Task A_reserved_echo_is_stored_before_the_replies_in_one_frame_and_never_read_before_it()
    {
        var log = NewLog();
        await log.CreateAsync("c1", "dl_user", default);
        using var stream = _streams.Subscribe("c1");

        var echo = await log.InOrderAsync("c1", () => log.ReserveInOrderAsync("c1", Message("hola"), default));

        Assert.Equal("c1|0000001", echo.Id);
        Assert.Empty((await log.ReadAsync("c1", 0, 10, default)).Activities);
        Assert.False(stream.Frames.TryRead(out _));

        var replies = await log.AppendAsync("c1", [Message("¿En qué le ayudo?")], default);

        Assert.Equal("c1|0000002", replies[0].Id);
        Assert.True(replies[0].Timestamp > echo.Timestamp);
        var (stored, watermark) = await log.ReadAsync("c1", 0, 10, default);
        Assert.Equal(["hola", "¿En qué le ayudo?"], stored.Select(s => JsonSerializer.Deserialize<Activity>(s.Span, BotJson.Options)!.Text));
        Assert.Equal(2, watermark);
        Assert.True(stream.Frames.TryRead(out var frame));
        Assert.Equal(2, frame.Watermark);
        Assert.Equal([echo.Id, replies[0].Id], frame.Activities.Select(a => a.Id));
    }

    [Fact]
    public async Task A_read_reaching_back_past_the_activities_kept_in_memory_gets_them_all_from_storage_in_order()
    {
        var log = NewLog();
        await log.CreateAsync("c1", "dl_user", default);
        var count = ConversationLog.TailLength + 36;
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync("c1", [Message($"m{i}")], default);
        }

        var (all, last) = await log.ReadAsync("c1", 0, 500, default);
        var (recent, sameLast) = await log.ReadAsync("c1", count - 3, 500, default);
        var (none, unchanged) = await log.ReadAsync("c1", count, 500, default);
        var (page, pageEnd) = await log.ReadAsync("c1", 10, 5, default);

        Assert.Equal(Enumerable.Range(1, count).Select(i => $"m{i}"), all.Select(Text));
        Assert.Equal((count, count, count), (last, sameLast, unchanged));
        Assert.Equal([$"m{count - 2}", $"m{count - 1}", $"m{count}"], recent.Select(Text));
        Assert.Empty(none);
        Assert.Equal(["m11", "m12", "m13", "m14", "m15"], page.Select(Text));
        Assert.Equal(15, pageEnd);
        // A fresh log (after a restart) has nothing in memory and reads the same from storage.
        Assert.Equal(all.Select(Text), (await NewLog().ReadAsync("c1", 0, 500, default)).Activities.Select(Text));

        static string? Text(ReadOnlyMemory<byte> json) => JsonSerializer.Deserialize<Activity>(json.Span, BotJson.Options)!.Text;
    }

    [Fact]
    public async Task A_flush_stores_an_echo_the_bot_did_not_answer()
    {
        var log = NewLog();
        await log.CreateAsync("c1", "dl_user", default);
        await log.InOrderAsync("c1", () => log.ReserveInOrderAsync("c1", Message("hola"), default));

        await log.FlushAsync("c1", default);
        await log.FlushAsync("c1", default);

        var (stored, watermark) = await log.ReadAsync("c1", 0, 10, default);
        Assert.Single(stored);
        Assert.Equal(1, watermark);
    }

    [Fact]
    public async Task After_a_restart_no_id_reserved_before_it_is_handed_out_again()
    {
        var before = NewLog();
        await before.CreateAsync("c1", "dl_user", default);
        await before.AppendAsync("c1", [Message("bienvenida")], default);
        // The bot took this echo (and remembers its id as processed), then the process died before the write.
        var lost = await before.InOrderAsync("c1", () => before.ReserveInOrderAsync("c1", Message("hola"), default));

        var after = NewLog();
        var next = await after.InOrderAsync("c1", () => after.ReserveInOrderAsync("c1", Message("hola otra vez"), default));
        await after.FlushAsync("c1", default);

        Assert.Equal("c1|0000002", lost.Id);
        Assert.True(Sequence(next.Id!) > Sequence(lost.Id!) + ConversationLog.MaxReserved - 2, next.Id);
        var (stored, _) = await after.ReadAsync("c1", 0, 10, default);
        Assert.Equal(["bienvenida", "hola otra vez"], stored.Select(s => JsonSerializer.Deserialize<Activity>(s.Span, BotJson.Options)!.Text));
    }

    private ConversationLog NewLog() =>
        new(_store, _streams, TimeProvider.System, Options.Create(new DirectLineOptions()));

    private static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text };

    private static long Sequence(string id) => long.Parse(id[(id.IndexOf('|') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _storage.Dispose();
}
