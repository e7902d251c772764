using IessBot.Staff;

namespace IessBot.Tests.Staff;

/// <summary>The pure chain function that both providers use: every field and the order count.</summary>
public sealed class AuditChainTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly AuditRecord Record = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(-5)), "ana", AuditActions.Resolve, "Q-2026-0001-AB", "resuelto");

    [Fact]
    public void The_hash_is_stable_and_depends_on_every_field_the_sequence_and_the_previous_hash()
    {
        var hash = AuditChain.ComputeHash(Key, 1, AuditChain.GenesisHash, Record);
        string[] variants =
        [
            AuditChain.ComputeHash(Key, 2, AuditChain.GenesisHash, Record),
            AuditChain.ComputeHash(Key, 1, new string('1', 64), Record),
            AuditChain.ComputeHash(Key, 1, AuditChain.GenesisHash, Record with { At = Record.At.AddTicks(1) }),
            AuditChain.ComputeHash(Key, 1, AuditChain.GenesisHash, Record with { ActorId = "anb" }),
            AuditChain.ComputeHash(Key, 1, AuditChain.GenesisHash, Record with { Action = AuditActions.Refer }),
            AuditChain.ComputeHash(Key, 1, AuditChain.GenesisHash, Record with { CaseNumber = null }),
            AuditChain.ComputeHash(Key, 1, AuditChain.GenesisHash, Record with { CaseNumber = "" }),
            AuditChain.ComputeHash(Key, 1, AuditChain.GenesisHash, Record with { Detail = null }),
            // Moving text between adjacent fields changes the hash (length-prefixed encoding).
            AuditChain.ComputeHash(Key, 1, AuditChain.GenesisHash, Record with { CaseNumber = "Q-2026-0001-ABr", Detail = "esuelto" }),
            AuditChain.ComputeHash([.. Key.Reverse()], 1, AuditChain.GenesisHash, Record),
        ];

        Assert.Equal(hash, AuditChain.ComputeHash(Key, 1, AuditChain.GenesisHash, Record));
        Assert.Equal(hash, AuditChain.ComputeHash(Key, 1, AuditChain.GenesisHash, Record with { At = Record.At.ToUniversalTime() }));
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(variants.Length + 1, variants.Append(hash).Distinct().Count());
    }

    [Fact]
    public void Verify_walks_a_sealed_chain_and_stops_at_a_reordering()
    {
        var first = AuditChain.Seal(Key, 1, AuditChain.GenesisHash, Record);
        var second = AuditChain.Seal(Key, 2, first.Hash, Record with { Action = AuditActions.Assign });
        var third = AuditChain.Seal(Key, 3, second.Hash, Record with { Action = AuditActions.SignOut });

        Assert.Equal(new AuditChainCheck(true, 3, null), AuditChain.Verify(Key, [first, second, third]));
        Assert.Equal(new AuditChainCheck(false, 2, 2), AuditChain.Verify(Key, [first, third with { Sequence = 2 }, second with { Sequence = 3 }]));
        Assert.Equal(new AuditChainCheck(false, 0, 1), AuditChain.Verify(Key, [second]));
    }
}
