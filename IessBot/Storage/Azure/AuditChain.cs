using System.Globalization;
using System.Text.Json;
using IessBot.Staff;

namespace IessBot.Storage.Azure;

/// <summary>
/// The hash chain of the audit trail (issue 7: tamper-evident). Each entry's hash is an HMAC-SHA256, keyed by a key
/// derived from the master key (the blind-index key, in its own domain), of its sequence number, the previous
/// entry's hash and its fields in a fixed JSON form, so editing, deleting, inserting or reordering an entry breaks
/// the chain from there on, and nobody without the key can forge a consistent chain.
/// </summary>
internal static class AuditChain
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private const string Domain = "audit-chain/v1";

    public static string Hash(PersonalDataProtector protector, long sequence, string previousHash, AuditRecord record)
    {
        var canonical = JsonSerializer.Serialize(new[]
        {
            sequence.ToString(CultureInfo.InvariantCulture),
            previousHash,
            record.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            record.ActorId,
            record.Action,
            record.CaseNumber,
            record.Detail,
        });
        return Convert.ToHexStringLower(protector.BlindIndex(Domain, canonical));
    }

    /// <summary>True when <paramref name="entry"/> is entry number <paramref name="expectedSequence"/> right after an entry hashed <paramref name="previousHash"/>, unaltered.</summary>
    public static bool Follows(PersonalDataProtector protector, long expectedSequence, string previousHash, AuditEntry entry) =>
        entry.Sequence == expectedSequence
        && entry.PreviousHash == previousHash
        && entry.Hash == Hash(protector, entry.Sequence, entry.PreviousHash, entry.Record);
}
