using System.Text.Json;
using IessBot.BotFramework.Schema;
using IessBot.DirectLine;
using IessBot.Storage.Embedded;
using IessBot.Tests.Storage;

namespace IessBot.Tests.DirectLine;

/// <summary>The embedded activity log: a real SQLite file, appends from many conversations at once (group commit).</summary>
public sealed class SqliteDirectLineStoreTests : IDisposable
{
    private readonly EmbeddedStorage _storage = new();
    private readonly SqliteDirectLineStore _store;

    public SqliteDirectLineStoreTests() => _store = new SqliteDirectLineStore(_storage.Database, _storage.Protector);

    [Fact]
    public async Task Concurrent_appends_of_many_conversations_all_land_in_order()
    {
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        var conversations = Enumerable.Range(0, 40).Select(i => $"conv-{i}").ToArray();
        foreach (var id in conversations)
        {
            Assert.True(await _store.CreateConversationAsync(id, $"dl_{id}", expires, default));
        }

        await Task.WhenAll(conversations.Select(id => Task.Run(async () =>
        {
            for (var watermark = 1; watermark <= 15; watermark++)
            {
                var activity = new Activity { Type = ActivityTypes.Message, Text = $"{id} #{watermark}", Timestamp = DateTimeOffset.UtcNow };
                await _store.AppendAsync(id, [new LoggedActivity(watermark, activity)], expires, default);
            }
        })));

        foreach (var id in conversations)
        {
            var stored = await _store.ReadAsync(id, 0, 100, default);
            Assert.Equal(Enumerable.Range(1, 15).Select(w => (long)w), stored.Select(s => s.Watermark));
            Assert.Equal($"{id} #15", JsonSerializer.Deserialize<Activity>(stored[^1].Json.Span, BotJson.Options)!.Text);
            var conversation = await _store.GetConversationAsync(id, default);
            Assert.Equal(15, conversation!.LastWatermark);
            Assert.Equal($"dl_{id}", conversation.UserId);
        }
        Assert.False(await _store.CreateConversationAsync("conv-0", null, expires, default));
    }

    [Fact]
    public async Task Expired_conversations_go_with_their_logs_and_uploads()
    {
        var now = DateTimeOffset.UtcNow;
        await _store.CreateConversationAsync("old", null, now.AddMinutes(-1), default);
        await _store.CreateConversationAsync("new", null, now.AddHours(1), default);
        await _store.SaveUploadAsync(new DirectLineUpload("0123456789abcdef0123456789abcdef", "old", "fedcba9876543210fedcba9876543210", "application/pdf", 10, TooLarge: false), default);

        var expired = await _store.DeleteExpiredAsync(now, default);

        Assert.Equal(["old"], expired.ConversationIds);
        Assert.Equal(["fedcba9876543210fedcba9876543210"], expired.EvidenceIds);
        Assert.Null(await _store.GetConversationAsync("old", default));
        Assert.Null(await _store.GetUploadAsync("0123456789abcdef0123456789abcdef", default));
        Assert.NotNull(await _store.GetConversationAsync("new", default));
    }

    public void Dispose() => _storage.Dispose();
}
