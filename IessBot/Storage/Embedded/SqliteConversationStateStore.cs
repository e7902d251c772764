using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using IessBot.Turns;

namespace IessBot.Storage.Embedded;

/// <summary>
/// Conversation state in SQLite, on the per-turn hot path: one prepared statement per call, no transaction.
/// Rows are keyed by a blind index of the state key (WhatsApp conversation ids are phone numbers), documents
/// are encrypted with the state key as associated data, and the ETag is a fresh random token on every write,
/// so a deleted and re-created conversation never matches an old ETag.
/// </summary>
internal sealed class SqliteConversationStateStore(SqliteDatabase database, PersonalDataProtector protector) : IConversationStateStore
{
    internal const string KeyDomain = "conversation-state";

    private const string ReadSql = "SELECT etag, document FROM conversation_state WHERE key_hash = $key";
    private const string InsertSql =
        "INSERT INTO conversation_state (key_hash, etag, document) VALUES ($key, $etag, $document) ON CONFLICT (key_hash) DO NOTHING";
    private const string UpdateSql =
        "UPDATE conversation_state SET etag = $etag, document = $document WHERE key_hash = $key AND etag = $expected";
    private const string DeleteSql = "DELETE FROM conversation_state WHERE key_hash = $key";

    public async Task<StoredState?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var keyHash = protector.BlindIndex(KeyDomain, key);
        byte[] encrypted;
        string etag;
        using (var connection = database.Rent())
        {
            var command = connection.Command(ReadSql);
            command.Parameters["$key"].Value = keyHash;
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
            etag = reader.GetString(0);
            encrypted = (byte[])reader.GetValue(1);
        }
        return new StoredState(Encoding.UTF8.GetString(protector.Unprotect(encrypted, keyHash)), etag);
    }

    public async Task<string> WriteAsync(string key, string document, string? expectedETag, CancellationToken cancellationToken)
    {
        var keyHash = protector.BlindIndex(KeyDomain, key);
        var encrypted = Encrypt(document, keyHash);
        var etag = NewETag();

        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        {
            var command = connection.Command(expectedETag is null ? InsertSql : UpdateSql);
            command.Parameters["$key"].Value = keyHash;
            command.Parameters["$etag"].Value = etag;
            command.Parameters["$document"].Value = encrypted;
            if (expectedETag is not null)
            {
                command.Parameters["$expected"].Value = expectedETag;
            }
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                throw new StateConflictException(key);
            }
        }
        return etag;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var keyHash = protector.BlindIndex(KeyDomain, key);
        using (await database.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        using (var connection = database.Rent())
        {
            var command = connection.Command(DeleteSql);
            command.Parameters["$key"].Value = keyHash;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private byte[] Encrypt(string document, byte[] keyHash)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(document.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(document, buffer);
            return protector.Protect(buffer.AsSpan(0, length), keyHash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private static string NewETag()
    {
        Span<byte> token = stackalloc byte[12];
        RandomNumberGenerator.Fill(token);
        return Convert.ToBase64String(token);
    }
}
