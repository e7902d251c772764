using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace IessBot.Staff;

/// <summary>
/// The hash chain of the audit trail, shared by every provider (issue 7: append-only and tamper-evident). An entry's
/// hash is HMAC-SHA256(key, previous hash ‖ canonical record ‖ sequence), lower-case hex; the first entry's previous
/// hash is <see cref="GenesisHash"/>. The key is derived from the master key (<c>PersonalDataProtector.AuditChainKey</c>),
/// so whoever can edit the database but does not hold the key cannot recompute the chain after an edit.
/// </summary>
public static class AuditChain
{
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>The entry to store as number <paramref name="sequence"/> after an entry whose hash is <paramref name="previousHash"/>.</summary>
    public static AuditEntry Seal(byte[] key, long sequence, string previousHash, AuditRecord record) =>
        new(sequence, record, previousHash, ComputeHash(key, sequence, previousHash, record));

    /// <summary>
    /// Canonical input: the previous hash as 32 bytes, then each field of the record (time as UTC ticks, big-endian
    /// int64; each text as a big-endian int32 byte length, -1 for null, and its UTF-8 bytes) in declaration order, then
    /// the sequence (big-endian int64). Length prefixes keep "ab"+"c" and "a"+"bc" apart.
    /// </summary>
    public static string ComputeHash(byte[] key, long sequence, string previousHash, AuditRecord record)
    {
        using var buffer = new MemoryStream(256);
        buffer.Write(Convert.FromHexString(previousHash));
        WriteInt64(buffer, record.At.UtcTicks);
        WriteText(buffer, record.ActorId);
        WriteText(buffer, record.Action);
        WriteText(buffer, record.CaseNumber);
        WriteText(buffer, record.Detail);
        WriteInt64(buffer, sequence);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>Checks entries read in ascending sequence order, from the first; see <see cref="Verifier"/> for streaming.</summary>
    public static AuditChainCheck Verify(byte[] key, IEnumerable<AuditEntry> entriesInOrder)
    {
        var verifier = new Verifier(key);
        foreach (var entry in entriesInOrder)
        {
            if (!verifier.Add(entry))
            {
                break;
            }
        }
        return verifier.Result;
    }

    private static void WriteInt64(Stream buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.Write(bytes);
    }

    private static void WriteText(Stream buffer, string? value)
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(length, value is null ? -1 : Encoding.UTF8.GetByteCount(value));
        buffer.Write(length);
        if (value is not null)
        {
            buffer.Write(Encoding.UTF8.GetBytes(value));
        }
    }

    /// <summary>
    /// Walks a chain one entry at a time (a provider streams its entries in ascending order). A gap in the sequence
    /// (a deleted entry), a previous hash that is not the last entry's hash (reordering) or a hash that does not match
    /// the fields (an edit) stops the walk at that sequence.
    /// </summary>
    public sealed class Verifier(byte[] key)
    {
        private string _previousHash = GenesisHash;
        private long _expectedSequence = 1;
        private long _checked;
        private long? _broken;

        public AuditChainCheck Result => new(_broken is null, _checked, _broken);

        /// <summary>False once the chain is broken (the rest need not be read).</summary>
        public bool Add(AuditEntry entry)
        {
            if (_broken is not null)
            {
                return false;
            }
            if (entry.Sequence != _expectedSequence)
            {
                _broken = Math.Min(entry.Sequence, _expectedSequence);
                return false;
            }
            _checked++;
            if (!FixedTimeEquals(entry.PreviousHash, _previousHash) || !IsHex64(entry.Hash)
                || !FixedTimeEquals(entry.Hash, ComputeHash(key, entry.Sequence, _previousHash, entry.Record)))
            {
                _broken = entry.Sequence;
                return false;
            }
            _previousHash = entry.Hash;
            _expectedSequence++;
            return true;
        }

        private static bool IsHex64(string value) => value.Length == 64 && value.All(Uri.IsHexDigit);

        private static bool FixedTimeEquals(string a, string b) =>
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
    }
}
