using System.Globalization;
using System.Text;
using System.Text.Json;
using IessBot.BotFramework.Schema;
using IessBot.DirectLine;
using IessBot.Storage;
using IessBot.Storage.Embedded;
using Microsoft.Data.Sqlite;
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
                await _store.AppendAsync(id, [new LoggedActivity(watermark, activity)], new LogExpiry(expires, expires), default);
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
    public async Task The_position_is_read_back_from_the_last_stored_activity()
    {
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        await _store.CreateConversationAsync("c", "dl_c", expires, default);
        var empty = await _store.GetConversationAsync("c", default);
        Assert.Equal(0, empty!.LastWatermark);
        Assert.Null(empty.LastTimestamp);

        var first = new DateTimeOffset(2026, 11, 29, 10, 0, 0, 123, TimeSpan.Zero);
        await _store.AppendAsync("c", [Logged(1, first), Logged(2, first.AddMilliseconds(1))], new LogExpiry(expires, expires), default);
        await _store.AppendAsync("c", [Logged(3, first.AddSeconds(5))], new LogExpiry(expires, expires), default);

        var conversation = await _store.GetConversationAsync("c", default);
        Assert.Equal(3, conversation!.LastWatermark);
        Assert.Equal(first.AddSeconds(5), conversation.LastTimestamp);
    }

    [Fact]
    public async Task An_append_moves_the_expiry_only_when_it_falls_short()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await _store.CreateConversationAsync("c", null, now.AddHours(2), default);

        await _store.AppendAsync("c", [Logged(1, now)], new LogExpiry(now.AddHours(1), now.AddHours(5)), default);
        Assert.Equal(now.AddHours(2), (await _store.GetConversationAsync("c", default))!.ExpiresAt);

        await _store.AppendAsync("c", [Logged(2, now)], new LogExpiry(now.AddHours(3), now.AddHours(4)), default);
        Assert.Equal(now.AddHours(4), (await _store.GetConversationAsync("c", default))!.ExpiresAt);
        Assert.Empty((await _store.DeleteExpiredAsync(now.AddHours(3.9), default)).ConversationIds);
        Assert.Equal(["c"], (await _store.DeleteExpiredAsync(now.AddHours(4), default)).ConversationIds);
    }

    [Fact]
    public async Task A_log_stored_before_migration_7_reads_the_same_after_it()
    {
        var directory = Directory.CreateTempSubdirectory("iessbot-dl-v6-").FullName;
        try
        {
            var expires = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
            var last = new DateTimeOffset(2026, 11, 29, 10, 0, 7, 250, TimeSpan.Zero);
            CreateVersion6Database(directory, _storage.Protector, "c", "dl_c", expires, [Logged(1, last.AddSeconds(-7)), Logged(2, last)]);

            using var database = new SqliteDatabase(directory, TimeProvider.System);
            var store = new SqliteDirectLineStore(database, _storage.Protector);

            var conversation = await store.GetConversationAsync("c", default);
            Assert.Equal(("dl_c", 2L, (DateTimeOffset?)last, expires), (conversation!.UserId, conversation.LastWatermark, conversation.LastTimestamp, conversation.ExpiresAt));
            var stored = await store.ReadAsync("c", 0, 10, default);
            Assert.Equal([1L, 2L], stored.Select(s => s.Watermark));
            Assert.Equal("#2", JsonSerializer.Deserialize<Activity>(stored[^1].Json.Span, BotJson.Options)!.Text);
            await store.AppendAsync("c", [Logged(3, last.AddSeconds(1))], new LogExpiry(expires, expires), default);
            Assert.Equal([1L, 2L, 3L], (await store.ReadAsync("c", 0, 10, default)).Select(s => s.Watermark));
            database.CloseIdleConnections();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
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

    private static LoggedActivity Logged(long watermark, DateTimeOffset timestamp) =>
        new(watermark, new Activity { Type = ActivityTypes.Message, Text = $"#{watermark}", Timestamp = timestamp });

    /// <summary>The Direct Line tables of migration 4 (activities clustered by conversation, the position in its row), recorded as version 6.</summary>
    private static void CreateVersion6Database(string directory, PersonalDataProtector protector, string conversationId, string userId, DateTimeOffset expires, LoggedActivity[] activities)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, SqliteDatabase.FileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
            INSERT INTO schema_version VALUES (1, 'v1', '2025-01-01'), (2, 'v2', '2025-01-01'), (3, 'v3', '2025-01-01'),
                (4, 'v4', '2025-01-01'), (5, 'v5', '2025-01-01'), (6, 'v6', '2025-01-01');
            CREATE TABLE directline_conversations (conversation_id TEXT PRIMARY KEY, user_id BLOB, last_watermark INTEGER NOT NULL,
                last_timestamp TEXT, expires_at INTEGER NOT NULL);
            CREATE INDEX ix_directline_conversations_expires_at ON directline_conversations (expires_at);
            CREATE TABLE directline_activities (conversation_id TEXT NOT NULL, watermark INTEGER NOT NULL, document BLOB NOT NULL,
                PRIMARY KEY (conversation_id, watermark)) WITHOUT ROWID;
            INSERT INTO directline_conversations VALUES ($id, $user, $last, $timestamp, $expires);
            """;
        command.Parameters.AddWithValue("$id", conversationId);
        command.Parameters.AddWithValue("$user", protector.Protect(Encoding.UTF8.GetBytes(userId), SqliteDirectLineStore.UserContext(conversationId)));
        command.Parameters.AddWithValue("$last", activities[^1].Watermark);
        command.Parameters.AddWithValue("$timestamp", activities[^1].Activity.Timestamp!.Value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$expires", expires.ToUnixTimeSeconds());
        command.ExecuteNonQuery();
        foreach (var logged in activities)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO directline_activities VALUES ($id, $watermark, $document)";
            insert.Parameters.AddWithValue("$id", conversationId);
            insert.Parameters.AddWithValue("$watermark", logged.Watermark);
            insert.Parameters.AddWithValue("$document", protector.Protect(
                JsonSerializer.SerializeToUtf8Bytes(logged.Activity, BotJson.Options),
                SqliteDirectLineStore.ActivityContext(conversationId, logged.Watermark)));
            insert.ExecuteNonQuery();
        }
    }

    public void Dispose() => _storage.Dispose();
}
