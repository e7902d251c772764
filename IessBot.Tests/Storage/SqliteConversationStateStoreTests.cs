using IessBot.Turns;

namespace IessBot.Tests.Storage;

public sealed class SqliteConversationStateStoreTests : IDisposable
{
    private readonly EmbeddedStorage _storage = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Reading_a_conversation_without_state_returns_null()
    {
        Assert.Null(await _storage.States.ReadAsync("webchat/conversations/none", _ct));
    }

    [Fact]
    public async Task A_created_document_reads_back_with_the_etag_returned_by_the_write()
    {
        var etag = await _storage.States.WriteAsync("webchat/conversations/a", """{"step":1}""", null, _ct);

        var stored = await _storage.States.ReadAsync("webchat/conversations/a", _ct);

        Assert.NotNull(stored);
        Assert.Equal("""{"step":1}""", stored.Document);
        Assert.Equal(etag, stored.ETag);
    }

    [Fact]
    public async Task An_update_with_the_current_etag_replaces_the_document_and_changes_the_etag()
    {
        var first = await _storage.States.WriteAsync("k", """{"step":1}""", null, _ct);

        var second = await _storage.States.WriteAsync("k", """{"step":2}""", first, _ct);

        Assert.NotEqual(first, second);
        var stored = await _storage.States.ReadAsync("k", _ct);
        Assert.Equal(new StoredState("""{"step":2}""", second), stored);
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_a_conflict_and_keeps_the_newer_document()
    {
        var first = await _storage.States.WriteAsync("k", """{"step":1}""", null, _ct);
        var second = await _storage.States.WriteAsync("k", """{"step":2}""", first, _ct);

        await Assert.ThrowsAsync<StateConflictException>(() => _storage.States.WriteAsync("k", """{"step":3}""", first, _ct));

        Assert.Equal(new StoredState("""{"step":2}""", second), await _storage.States.ReadAsync("k", _ct));
    }

    [Fact]
    public async Task Creating_a_document_that_already_exists_is_a_conflict()
    {
        await _storage.States.WriteAsync("k", """{"step":1}""", null, _ct);

        await Assert.ThrowsAsync<StateConflictException>(() => _storage.States.WriteAsync("k", """{"step":9}""", null, _ct));

        Assert.Equal("""{"step":1}""", (await _storage.States.ReadAsync("k", _ct))!.Document);
    }

    [Fact]
    public async Task An_update_of_a_deleted_document_is_a_conflict_even_after_it_is_created_again()
    {
        var old = await _storage.States.WriteAsync("k", """{"v":1}""", null, _ct);
        await _storage.States.DeleteAsync("k", _ct);
        Assert.Null(await _storage.States.ReadAsync("k", _ct));
        await Assert.ThrowsAsync<StateConflictException>(() => _storage.States.WriteAsync("k", """{"v":2}""", old, _ct));

        await _storage.States.WriteAsync("k", """{"v":3}""", null, _ct);

        await Assert.ThrowsAsync<StateConflictException>(() => _storage.States.WriteAsync("k", """{"v":4}""", old, _ct));
    }

    [Fact]
    public async Task Of_concurrent_writers_with_the_same_etag_exactly_one_wins()
    {
        var etag = await _storage.States.WriteAsync("k", """{"v":0}""", null, _ct);

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 32).Select(i => Task.Run(() => TryWriteAsync("k", $$"""{"v":{{i}}}""", etag), _ct)));

        var winners = outcomes.Where(o => o.ETag is not null).ToList();
        Assert.Single(winners);
        var stored = await _storage.States.ReadAsync("k", _ct);
        Assert.Equal(winners[0].Document, stored!.Document);
        Assert.Equal(winners[0].ETag, stored.ETag);
    }

    [Fact]
    public async Task Of_concurrent_creators_of_the_same_key_exactly_one_wins()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 32).Select(i => Task.Run(() => TryWriteAsync("new", $$"""{"v":{{i}}}""", null), _ct)));

        Assert.Single(outcomes, o => o.ETag is not null);
    }

    [Fact]
    public async Task Keys_are_distinct_even_when_they_differ_only_in_case()
    {
        await _storage.States.WriteAsync("whatsapp/conversations/Abc", """{"v":"upper"}""", null, _ct);
        await _storage.States.WriteAsync("whatsapp/conversations/abc", """{"v":"lower"}""", null, _ct);

        Assert.Equal("""{"v":"upper"}""", (await _storage.States.ReadAsync("whatsapp/conversations/Abc", _ct))!.Document);
        Assert.Equal("""{"v":"lower"}""", (await _storage.States.ReadAsync("whatsapp/conversations/abc", _ct))!.Document);
    }

    [Fact]
    public async Task A_large_document_with_spanish_text_round_trips()
    {
        var text = string.Concat(Enumerable.Repeat("Señora Muñoz, ¿cuál es su cantón? ", 3000));
        var document = System.Text.Json.JsonSerializer.Serialize(new { text });

        await _storage.States.WriteAsync("k", document, null, _ct);

        Assert.Equal(document, (await _storage.States.ReadAsync("k", _ct))!.Document);
    }

    private async Task<(string Document, string? ETag)> TryWriteAsync(string key, string document, string? etag)
    {
        try
        {
            return (document, await _storage.States.WriteAsync(key, document, etag, _ct));
        }
        catch (StateConflictException)
        {
            return (document, null);
        }
    }
}
