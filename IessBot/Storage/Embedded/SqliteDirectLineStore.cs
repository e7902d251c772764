using System.Globalization;
using System.Text;
using System.Text.Json;
using IessBot.BotFramework.Schema;
using IessBot.DirectLine;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// Direct Line conversations and activity logs in the embedded database. Activities and user ids are encrypted, bound
/// to their conversation and position (associated data), so a row copied elsewhere does not decrypt. Conversation ids
/// carry nothing about the citizen (a start time and random bytes); they stay in clear for the lookups.
/// </summary>
internal sealed class SqliteDirectLineStore(SqliteDatabase database, PersonalDataProtector protector) : IDirectLineStore
{
    private readonly List<PendingWrite> _batch = [];
    private bool _writing;

    private const string InsertConversationSql =
        "INSERT INTO directline_conversations (conversation_id, user_id, expires_at) VALUES ($id, $user, $expires) ON CONFLICT (conversation_id) DO NOTHING";
    private const string GetConversationSql = "SELECT user_id, expires_at FROM directline_conversations WHERE conversation_id = $id";
    private const string LastActivitySql =
        "SELECT watermark, document FROM directline_activities WHERE conversation_id = $id ORDER BY watermark DESC LIMIT 1";
    private const string SetUserSql = "UPDATE directline_conversations SET user_id = $user WHERE conversation_id = $id";
    private const string InsertActivitySql =
        "INSERT INTO directline_activities (conversation_id, watermark, document) VALUES ($id, $watermark, $document)";
    // Touches the row only when the expiry falls short: an UPDATE that matches nothing writes no page.
    private const string ExtendExpirySql =
        "UPDATE directline_conversations SET expires_at = $extendTo WHERE conversation_id = $id AND expires_at < $notBefore";
    private const string ReadActivitiesSql =
        "SELECT watermark, document FROM directline_activities WHERE conversation_id = $id AND watermark > $after ORDER BY watermark LIMIT $max";
    private const string InsertUploadSql =
        "INSERT INTO directline_uploads (upload_id, conversation_id, evidence_id, content_type, length, too_large) " +
        "VALUES ($upload, $id, $evidence, $type, $length, $tooLarge)";
    private const string GetUploadSql =
        "SELECT conversation_id, evidence_id, content_type, length, too_large FROM directline_uploads WHERE upload_id = $upload";
    private const string ExpiredSql = "SELECT conversation_id FROM directline_conversations WHERE expires_at <= $now LIMIT 500";
    private const string ExpiredUploadsSql = "SELECT evidence_id FROM directline_uploads WHERE conversation_id = $id AND evidence_id IS NOT NULL";
    private const string DeleteUploadsSql = "DELETE FROM directline_uploads WHERE conversation_id = $id";
    private const string DeleteActivitiesSql = "DELETE FROM directline_activities WHERE conversation_id = $id";
    private const string DeleteConversationSql = "DELETE FROM directline_conversations WHERE conversation_id = $id";

    /// <summary>Written with the next batch of appends (see <see cref="AppendAsync"/>): a start costs no commit of its own.</summary>
    public Task<bool> CreateConversationAsync(string conversationId, string? userId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var expires = expiresAt.ToUnixTimeSeconds();
        return WriteAsync(new PendingWrite(conversationId, [], expires, expires)
        {
            Creates = true,
            ProtectedUser = userId is null ? null : ProtectUser(conversationId, userId),
        });
    }

    public async Task<DirectLineConversation?> GetConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        using var connection = database.Rent();
        var command = connection.Command(GetConversationSql);
        command.Parameters["$id"].Value = conversationId;
        byte[]? protectedUser;
        long expiresAt;
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            protectedUser = reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0);
            expiresAt = reader.GetInt64(1);
        }
        var user = protectedUser is null ? null : Encoding.UTF8.GetString(protector.Unprotect(protectedUser, UserContext(conversationId)));
        var (watermark, timestamp) = await LastPositionAsync(connection, conversationId, cancellationToken).ConfigureAwait(false);
        return new DirectLineConversation(conversationId, user, watermark, timestamp, DateTimeOffset.FromUnixTimeSeconds(expiresAt));
    }

    /// <summary>The watermark and timestamp of the conversation's last stored activity (0 and none for an empty log).</summary>
    private async Task<(long Watermark, DateTimeOffset? Timestamp)> LastPositionAsync(PooledConnection connection, string conversationId, CancellationToken cancellationToken)
    {
        var command = connection.Command(LastActivitySql);
        command.Parameters["$id"].Value = conversationId;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return (0, null);
        }
        var watermark = reader.GetInt64(0);
        var json = protector.Unprotect((byte[])reader.GetValue(1), ActivityContext(conversationId, watermark));
        return (watermark, JsonSerializer.Deserialize<Stamp>(json, BotJson.Options)?.Timestamp);
    }

    /// <summary>The one member of a stored activity that the position needs.</summary>
    private sealed record Stamp(DateTimeOffset? Timestamp);

    public async Task SetUserAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        {
            var command = connection.Command(SetUserSql);
            command.Parameters["$id"].Value = conversationId;
            command.Parameters["$user"].Value = ProtectUser(conversationId, userId);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Group commit: appends that arrive while a batch is being written wait for the next one, and each batch is one
    /// transaction. Under load many conversations' appends share a commit (the database has one writer), instead of
    /// queueing for one commit each. The append that finds no writer at work writes the first batch itself (no thread
    /// hop when the database is idle) and leaves any batches that gathered meanwhile to a pool thread.
    /// </summary>
    public Task AppendAsync(string conversationId, IReadOnlyList<LoggedActivity> activities, LogExpiry expiry, CancellationToken cancellationToken) =>
        activities.Count == 0
            ? Task.CompletedTask
            : WriteAsync(new PendingWrite(
                conversationId,
                [.. activities.Select(a => (a.Watermark, Protect(conversationId, a)))],
                expiry.NotBefore.ToUnixTimeSeconds(),
                expiry.ExtendTo.ToUnixTimeSeconds()));

    /// <summary>Queues <paramref name="pending"/> for the next batch; true when it recorded a new conversation.</summary>
    private async Task<bool> WriteAsync(PendingWrite pending)
    {
        bool leader;
        lock (_batch)
        {
            _batch.Add(pending);
            leader = !_writing;
            _writing = true;
        }
        if (leader)
        {
            await WriteNextBatchAsync().ConfigureAwait(false);
            if (HasMoreBatches())
            {
                _ = Task.Run(WriteBatchesAsync, CancellationToken.None);
            }
        }
        // A batch is written to the end once begun, so a cancelled caller would only stop waiting for it.
        return await pending.Done.Task.ConfigureAwait(false);
    }

    private async Task WriteBatchesAsync()
    {
        do
        {
            await WriteNextBatchAsync().ConfigureAwait(false);
        }
        while (HasMoreBatches());
    }

    /// <summary>True when appends are waiting (the caller writes them next); otherwise the writer's turn is over.</summary>
    private bool HasMoreBatches()
    {
        lock (_batch)
        {
            _writing = _batch.Count > 0;
            return _writing;
        }
    }

    private async Task WriteNextBatchAsync()
    {
        PendingWrite[] batch;
        lock (_batch)
        {
            batch = [.. _batch];
            _batch.Clear();
        }
        try
        {
            var created = await WriteBatchAsync(batch).ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i].Done.TrySetResult(created[i]);
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Done.TrySetException(exception);
            }
        }
    }

    /// <summary>Writes a batch in one transaction, in order; says for each write whether it recorded a new conversation.</summary>
    private async Task<bool[]> WriteBatchAsync(PendingWrite[] batch)
    {
        var created = new bool[batch.Length];
        using (await database.EnterWriteAsync(CancellationToken.None).ConfigureAwait(false))
        using (var connection = database.Rent())
        using (var transaction = connection.Connection.BeginTransaction())
        {
            var create = connection.Command(InsertConversationSql, transaction);
            var insert = connection.Command(InsertActivitySql, transaction);
            var extend = connection.Command(ExtendExpirySql, transaction);
            for (var i = 0; i < batch.Length; i++)
            {
                var pending = batch[i];
                if (pending.Creates)
                {
                    create.Parameters["$id"].Value = pending.ConversationId;
                    create.Parameters["$user"].Value = (object?)pending.ProtectedUser ?? DBNull.Value;
                    create.Parameters["$expires"].Value = pending.ExtendTo;
                    created[i] = await create.ExecuteNonQueryAsync().ConfigureAwait(false) == 1;
                    continue;
                }
                foreach (var (watermark, document) in pending.Documents)
                {
                    insert.Parameters["$id"].Value = pending.ConversationId;
                    insert.Parameters["$watermark"].Value = watermark;
                    insert.Parameters["$document"].Value = document;
                    await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
                extend.Parameters["$id"].Value = pending.ConversationId;
                extend.Parameters["$notBefore"].Value = pending.NotBefore;
                extend.Parameters["$extendTo"].Value = pending.ExtendTo;
                await extend.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            transaction.Commit();
        }
        return created;
    }

    /// <summary>A new conversation to record, or one conversation's append, waiting for the next batch.</summary>
    private sealed record PendingWrite(string ConversationId, (long Watermark, byte[] Document)[] Documents, long NotBefore, long ExtendTo)
    {
        /// <summary>A new conversation: its row is inserted (with <see cref="ProtectedUser"/>) unless it exists.</summary>
        public bool Creates { get; init; }
        public byte[]? ProtectedUser { get; init; }

        /// <summary>Completes when the batch is committed: true when this write recorded a new conversation.</summary>
        public TaskCompletionSource<bool> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task<IReadOnlyList<StoredActivity>> ReadAsync(string conversationId, long afterWatermark, int maxCount, CancellationToken cancellationToken)
    {
        var rows = new List<(long Watermark, byte[] Document)>();
        using (var connection = database.Rent())
        {
            var command = connection.Command(ReadActivitiesSql);
            command.Parameters["$id"].Value = conversationId;
            command.Parameters["$after"].Value = afterWatermark;
            command.Parameters["$max"].Value = maxCount;
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetInt64(0), (byte[])reader.GetValue(1)));
            }
        }
        return rows.ConvertAll(row => new StoredActivity(row.Watermark, protector.Unprotect(row.Document, ActivityContext(conversationId, row.Watermark))));
    }

    public async Task SaveUploadAsync(DirectLineUpload upload, CancellationToken cancellationToken)
    {
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        {
            var command = connection.Command(InsertUploadSql);
            command.Parameters["$upload"].Value = upload.UploadId;
            command.Parameters["$id"].Value = upload.ConversationId;
            command.Parameters["$evidence"].Value = (object?)upload.EvidenceId ?? DBNull.Value;
            command.Parameters["$type"].Value = upload.ContentType;
            command.Parameters["$length"].Value = upload.Length;
            command.Parameters["$tooLarge"].Value = upload.TooLarge ? 1 : 0;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<DirectLineUpload?> GetUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        using var connection = database.Rent();
        var command = connection.Command(GetUploadSql);
        command.Parameters["$upload"].Value = uploadId;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }
        return new DirectLineUpload(uploadId, reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4) != 0);
    }

    public async Task<ExpiredConversations> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var evidence = new List<string>();
        var expired = new List<string>();
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        using (var transaction = connection.Connection.BeginTransaction())
        {
            var find = connection.Command(ExpiredSql, transaction);
            find.Parameters["$now"].Value = now.ToUnixTimeSeconds();
            using (var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    expired.Add(reader.GetString(0));
                }
            }
            foreach (var conversationId in expired)
            {
                evidence.AddRange(await ReadStringsAsync(connection.Command(ExpiredUploadsSql, transaction), conversationId, cancellationToken).ConfigureAwait(false));
                foreach (var sql in (string[])[DeleteUploadsSql, DeleteActivitiesSql, DeleteConversationSql])
                {
                    var delete = connection.Command(sql, transaction);
                    delete.Parameters["$id"].Value = conversationId;
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            transaction.Commit();
        }
        return new ExpiredConversations(expired, evidence);
    }

    private static async Task<List<string>> ReadStringsAsync(SqliteCommand command, string conversationId, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        command.Parameters["$id"].Value = conversationId;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    private byte[] Protect(string conversationId, LoggedActivity logged) =>
        protector.Protect(
            logged.Json.IsEmpty ? JsonSerializer.SerializeToUtf8Bytes(logged.Activity, BotJson.Options) : logged.Json.Span,
            ActivityContext(conversationId, logged.Watermark));

    private byte[] ProtectUser(string conversationId, string userId) => protector.Protect(Encoding.UTF8.GetBytes(userId), UserContext(conversationId));

    internal static byte[] ActivityContext(string conversationId, long watermark) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"directline-activity/{conversationId}/{watermark}"));

    internal static byte[] UserContext(string conversationId) => Encoding.UTF8.GetBytes($"directline-user/{conversationId}");
}
