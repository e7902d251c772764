using IessBot.Turns;

namespace IessBot.Tests.Storage;

/// <summary>What every conversation state store must do (run against each provider by the classes at the end).</summary>
public abstract class ConversationStateStoreContract : StorageContract
{
    [Fact]
    public async Task Reading_a_conversation_without_state_returns_null()
    {
        Assert.Null(await Storage.States.ReadAsync("webchat/conversations/none", Ct));
    }

    [Fact]
    public async Task A_created_document_reads_back_with_the_etag_returned_by_the_write()
    {
        var etag = await Storage.States.WriteAsync("webchat/conversations/a", """{"step":1}""", null, Ct);

        var stored = await Storage.States.ReadAsync("webchat/conversations/a", Ct);

        Assert.NotNull(stored);
        Assert.Equal("""{"step":1}""", stored.Document);
        Assert.Equal(etag, stored.ETag);
    }

    [Fact]
    public async Task An_update_with_the_current_etag_replaces_the_document_and_changes_the_etag()
    {
        var first = await Storage.States.WriteAsync("k", """{"step":1}""", null, Ct);

        var second = await Storage.States.WriteAsync("k", """{"step":2}""", first, Ct);

        Assert.NotEqual(first, second);
        var stored = await Storage.States.ReadAsync("k", Ct);
        Assert.Equal(new StoredState("""{"step":2}""", second), stored);
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_a_conflict_and_keeps_the_newer_document()
    {
        var first = await Storage.States.WriteAsync("k", """{"step":1}""", null, Ct);
        var second = await Storage.States.WriteAsync("k", """{"step":2}""", first, Ct);

        await Assert.ThrowsAsync<StateConflictException>(() => Storage.States.WriteAsync("k", """{"step":3}""", first, Ct));

        Assert.Equal(new StoredState("""{"step":2}""", second), await Storage.States.ReadAsync("k", Ct));
    }

    [Fact]
    public async Task Creating_a_document_that_already_exists_is_a_conflict()
    {
        await Storage.States.WriteAsync("k", """{"step":1}""", null, Ct);

        await Assert.ThrowsAsync<StateConflictException>(() => Storage.States.WriteAsync("k", """{"step":9}""", null, Ct));

        Assert.Equal("""{"step":1}""", (await Storage.States.ReadAsync("k", Ct))!.Document);
    }

    [Fact]
    public async Task An_update_of_a_deleted_document_is_a_conflict_even_after_it_is_created_again()
    {
        var old = await Storage.States.WriteAsync("k", """{"v":1}""", null, Ct);
        await Storage.States.DeleteAsync("k", Ct);
        Assert.Null(await Storage.States.ReadAsync("k", Ct));
        await Assert.ThrowsAsync<StateConflictException>(() => Storage.States.WriteAsync("k", """{"v":2}""", old, Ct));

        await Storage.States.WriteAsync("k", """{"v":3}""", null, Ct);

        await Assert.ThrowsAsync<StateConflictException>(() => Storage.States.WriteAsync("k", """{"v":4}""", old, Ct));
    }

    [Fact]
    public async Task Of_concurrent_writers_with_the_same_etag_exactly_one_wins()
    {
        var etag = await Storage.States.WriteAsync("k", """{"v":0}""", null, Ct);

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 32).Select(i => Task.Run(() => TryWriteAsync("k", $$"""{"v":{{i}}}""", etag), Ct)));

        var winners = outcomes.Where(o => o.ETag is not null).ToList();
        Assert.Single(winners);
        var stored = await Storage.States.ReadAsync("k", Ct);
        Assert.Equal(winners[0].Document, stored!.Document);
        Assert.Equal(winners[0].ETag, stored.ETag);
    }

    [Fact]
    public async Task Of_concurrent_creators_of_the_same_key_exactly_one_wins()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 32).Select(i => Task.Run(() => TryWriteAsync("new", $$"""{"v":{{i}}}""", null), Ct)));

        Assert.Single(outcomes, o => o.ETag is not null);
    }

    [Fact]
    public async Task Keys_are_distinct_even_when_they_differ_only_in_case()
    {
        await Storage.States.WriteAsync("whatsapp/conversations/Abc", """{"v":"upper"}""", null, Ct);
        await Storage.States.WriteAsync("whatsapp/conversations/abc", """{"v":"lower"}""", null, Ct);

        Assert.Equal("""{"v":"upper"}""", (await Storage.States.ReadAsync("whatsapp/conversations/Abc", Ct))!.Document);
        Assert.Equal("""{"v":"lower"}""", (await Storage.States.ReadAsync("whatsapp/conversations/abc", Ct))!.Document);
    }

    [Fact]
    public async Task A_large_document_with_spanish_text_round_trips()
    {
        var text = string.Concat(Enumerable.Repeat("Señora Muñoz, ¿cuál es su cantón? ", 3000));
        var document = System.Text.Json.JsonSerializer.Serialize(new { text });

        await Storage.States.WriteAsync("k", document, null, Ct);

        Assert.Equal(document, (await Storage.States.ReadAsync("k", Ct))!.Document);
    }

    private async Task<(string Document, string? ETag)> TryWriteAsync(string key, string document, string? etag)
    {
        try
        {
            return (document, await Storage.States.WriteAsync(key, document, etag, Ct));
        }
        catch (StateConflictException)
        {
            return (document, null);
        }
    }
}
