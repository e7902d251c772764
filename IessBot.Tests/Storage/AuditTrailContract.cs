using IessBot.Staff;

namespace IessBot.Tests.Storage;

/// <summary>What every audit trail must do (run against each provider): an append-only, hash-chained log, one chain across instances.</summary>
public abstract class AuditTrailContract : StorageContract
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 14, 30, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Entries_are_numbered_in_order_and_each_carries_the_hash_of_the_one_before()
    {
        var first = await Storage.AuditTrail.AppendAsync(Record(0, AuditActions.SignIn, null), Ct);
        var second = await Storage.AuditTrail.AppendAsync(Record(1, AuditActions.ViewCase, "Q-7KQ2-M9XD-3F"), Ct);
        var third = await Storage.AuditTrail.AppendAsync(Record(2, AuditActions.ChangeStatus, "Q-7KQ2-M9XD-3F", "Recibido → En análisis"), Ct);

        Assert.Equal([1L, 2L, 3L], new[] { first.Sequence, second.Sequence, third.Sequence });
        Assert.Equal((first.Hash, second.Hash), (second.PreviousHash, third.PreviousHash));
        Assert.Equal(3, new[] { first.Hash, second.Hash, third.Hash }.Distinct().Count());
        Assert.Equal(new AuditChainCheck(true, 3, null), await Storage.AuditTrail.VerifyAsync(Ct));
    }

    [Fact]
    public async Task Reading_gives_the_newest_first_by_case_and_before_a_sequence()
    {
        for (var i = 0; i < 6; i++)
        {
            await Storage.AuditTrail.AppendAsync(Record(i, AuditActions.ViewCase, i % 2 == 0 ? "Q-7KQ2-M9XD-3F" : null), Ct);
        }

        var newest = await Storage.AuditTrail.ReadAsync(null, 4, null, Ct);
        var older = await Storage.AuditTrail.ReadAsync(null, 10, newest[^1].Sequence, Ct);
        var ofCase = await Storage.AuditTrail.ReadAsync("Q-7KQ2-M9XD-3F", 10, null, Ct);

        Assert.Equal([6L, 5L, 4L, 3L], newest.Select(e => e.Sequence));
        Assert.Equal([2L, 1L], older.Select(e => e.Sequence));
        Assert.Equal([5L, 3L, 1L], ofCase.Select(e => e.Sequence));
        var read = older[^1];
        Assert.Equal(Record(0, AuditActions.ViewCase, "Q-7KQ2-M9XD-3F"), read.Record);
    }

    [Fact]
    public async Task An_empty_trail_is_intact()
    {
        Assert.Equal(new AuditChainCheck(true, 0, null), await Storage.AuditTrail.VerifyAsync(Ct));
        Assert.Empty(await Storage.AuditTrail.ReadAsync(null, 10, null, Ct));
    }

    [Fact]
    public async Task An_entry_edited_in_the_store_breaks_the_chain_from_there()
    {
        for (var i = 0; i < 5; i++)
        {
            await Storage.AuditTrail.AppendAsync(Record(i, AuditActions.ChangeStatus, "Q-7KQ2-M9XD-3F", "Recibido → En análisis"), Ct);
        }

        await Storage.EditStoredAuditEntryAsync(3, "Recibido → Cerrado");

        var check = await Storage.AuditTrail.VerifyAsync(Ct);
        Assert.Equal((false, 3L), (check.Intact, check.FirstBrokenSequence));
        Assert.Equal("Recibido → Cerrado", (await Storage.AuditTrail.ReadAsync(null, 1, 4, Ct))[0].Record.Detail);
    }

    [Fact]
    public async Task Two_instances_appending_at_once_keep_one_unbroken_chain()
    {
        var other = Storage.OpenOtherAuditTrail();
        await Storage.AuditTrail.AppendAsync(Record(0, AuditActions.SignIn, null), Ct);

        async Task AppendManyAsync(IAuditTrail trail, string actor)
        {
            for (var i = 0; i < 15; i++)
            {
                await trail.AppendAsync(Record(i, AuditActions.ViewList, null) with { ActorId = actor }, Ct);
            }
        }
        await Task.WhenAll(Task.Run(() => AppendManyAsync(Storage.AuditTrail, "ana")), Task.Run(() => AppendManyAsync(other, "luis")));

        var all = await Storage.AuditTrail.ReadAsync(null, 100, null, Ct);
        Assert.Equal(Enumerable.Range(1, 31).Select(i => (long)i).Reverse(), all.Select(e => e.Sequence));
        Assert.Equal((15, 15), (all.Count(e => e.Record.ActorId == "ana"), all.Count(e => e.Record.ActorId == "luis")));
        Assert.Equal(new AuditChainCheck(true, 31, null), await Storage.AuditTrail.VerifyAsync(Ct));
    }

    private static AuditRecord Record(int minutes, string action, string? caseNumber, string? detail = null) =>
        new(At.AddMinutes(minutes), "ana.torres", action, caseNumber, detail);
}
