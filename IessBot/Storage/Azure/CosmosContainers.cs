using System.Collections.ObjectModel;
using Microsoft.Azure.Cosmos;

namespace IessBot.Storage.Azure;

/// <summary>
/// The Cosmos DB containers, their partition keys and indexing. deploymentTemplates/modules/cosmos.bicep declares
/// the same (a test compares the built ARM JSON with these definitions), and start-up creates them from here when
/// <c>Storage:Azure:CreateResources</c> is on.
/// </summary>
internal static class CosmosContainers
{
    public const string IdPath = "/id";
    public const string PartitionKeyPath = "/pk";

    /// <summary>
    /// Conversation state: one document per conversation, id = a keyed hash of the state key, partition key
    /// <c>/id</c>. Every access is a point read or a conditional write of one conversation (the per-turn hot path),
    /// so each conversation is its own logical partition: writes spread evenly over physical partitions and no
    /// partition grows past one document. Nothing is queried, so nothing is indexed (cheaper writes).
    /// The WhatsApp inbox is not here: a webhook body carries several citizens' messages and the inbox is one
    /// ordered log (<see cref="WhatsApp"/>).
    /// </summary>
    public static ContainerProperties Conversations(string name) => new(name, IdPath)
    {
        IndexingPolicy = NothingIndexed(),
    };

    /// <summary>
    /// Cases: one document per case, id = the case number, partition key <c>/id</c>.
    /// Access paths: by case number (citizen lookup, idempotent filing) is a point read, and uniqueness of case
    /// numbers is the uniqueness of ids within the partition, enforced by Cosmos DB on create (409) with no
    /// transaction. By cédula (blind index), and the staff lists by type, status and date, are indexed queries
    /// across partitions; cases are few (thousands a month) next to turns, so the fan-out is cheap, and a
    /// partition per case never becomes hot or large. A key such as the type or the month would make hot
    /// partitions and still need cross-partition queries for the other paths.
    /// The notification outbox lives inside the case document (its <c>outbox</c> array), so a case and its
    /// notifications are written in one atomic single-document write. A message queued without a stored case gets
    /// a small document of its own here (id <c>outbox-</c> + a hash of the message id, its own partition; case
    /// queries skip it: it has no <c>type</c>). The dispatcher does not scan the arrays: each document keeps two
    /// small maps beside them, <c>outboxDue</c> (channel → when its earliest pending message is due) and
    /// <c>outboxSince</c> (state → its oldest message in that state), rewritten in the same patch as the array;
    /// "due e-mail" is a range query on <c>/outboxDue/email</c>, ORDER BY that one field, across partitions (few
    /// documents have anything due), and a claim is a patch conditional on the document's ETag (see
    /// <see cref="CosmosOutbox"/>). Only the fields that are queried are indexed; the encrypted document is not.
    /// </summary>
    public static ContainerProperties Cases(string name)
    {
        var indexing = NothingIndexed();
        foreach (var field in CosmosCaseStore.IndexedFields)
        {
            indexing.IncludedPaths.Add(new IncludedPath { Path = $"/{field}/?" });
        }
        // Every channel's and every state's entry of the two outbox maps.
        indexing.IncludedPaths.Add(new IncludedPath { Path = "/outboxDue/*" });
        indexing.IncludedPaths.Add(new IncludedPath { Path = "/outboxSince/*" });
        // Two-field ORDER BY needs a composite index per direction (the stand-in does not use a reversed one).
        indexing.CompositeIndexes.Add(Composite(CosmosCaseStore.FiledAtField, CompositePathSortOrder.Ascending));
        indexing.CompositeIndexes.Add(Composite(CosmosCaseStore.FiledAtField, CompositePathSortOrder.Descending));
        // The staff list: by due date, earliest first (CosmosCaseQueries).
        indexing.CompositeIndexes.Add(Composite(CosmosCaseStore.DueAtField, CompositePathSortOrder.Ascending));
        return new ContainerProperties(name, IdPath) { IndexingPolicy = indexing };
    }

    /// <summary>
    /// WhatsApp: the webhook inbox, the inbound message ids already processed, the delivery state of outbound
    /// messages and when each citizen last wrote; partition key <c>/pk</c>.
    /// The inbox is one ordered log: its entries share the logical partition <c>inbox</c>, where the id is the
    /// sequence number, so "this number is taken" is a 409 and numbers stay dense and in order across instances
    /// (<see cref="CosmosWhatsAppStore"/>), and "pending above n, in order" is a single-partition query on
    /// <c>pending</c> with ORDER BY <c>sequence</c>. One partition holds 20 GB and 10,000 RU/s: bodies are emptied
    /// once processed and deleted after 8 days, a few hundred bytes each, so that is far beyond IESS's volume of
    /// webhooks (about 1,000 a second). Every other document is keyed by a hash (of the wamid, or a blind index of
    /// the citizen) that is also its partition key: point reads and conditional writes, spread evenly.
    /// </summary>
    public static ContainerProperties WhatsApp(string name)
    {
        var indexing = NothingIndexed();
        foreach (var field in new[] { "kind", "pending", "sequence", "processedAt" })
        {
            indexing.IncludedPaths.Add(new IncludedPath { Path = $"/{field}/?" });
        }
        return new ContainerProperties(name, PartitionKeyPath) { IndexingPolicy = indexing };
    }

    /// <summary>
    /// The staff side (issue 7): the audit trail and the local staff accounts; partition key <c>/pk</c>.
    /// The audit trail is one hash chain, and a chain is appended one entry after the other: its entries share the
    /// logical partition <c>audit</c>, where the id is the sequence number, so "entry n exists" is a 409 on create
    /// and the chain stays dense and unforked across instances (<see cref="CosmosAuditTrail"/>); reading the last
    /// entry, a case's entries or the whole chain in order are single-partition queries on <c>sequence</c> (and
    /// <c>caseNumber</c>). One logical partition holds 20 GB: at ~400 bytes an entry, about 50 million entries, years
    /// of IESS staff activity; when that nears, a new chain per year (partition <c>audit-2027</c>, its first
    /// previous hash the last hash of the old one) keeps the same code path. Accounts are a few hundred small
    /// documents in the partition <c>accounts</c> (<see cref="CosmosStaffAccountStore"/>). Data Protection's key ring
    /// (the console's cookies) is a handful of documents in the partition <c>dataprotection</c>, read with a
    /// single-partition query on <c>kind</c> (<see cref="CosmosXmlRepository"/>).
    /// </summary>
    public static ContainerProperties Staff(string name)
    {
        var indexing = NothingIndexed();
        foreach (var field in new[] { "kind", "sequence", "caseNumber" })
        {
            indexing.IncludedPaths.Add(new IncludedPath { Path = $"/{field}/?" });
        }
        return new ContainerProperties(name, PartitionKeyPath) { IndexingPolicy = indexing };
    }

    private static IndexingPolicy NothingIndexed()
    {
        var policy = new IndexingPolicy { IndexingMode = IndexingMode.Consistent, Automatic = true };
        policy.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        return policy;
    }

    private static Collection<CompositePath> Composite(string field, CompositePathSortOrder order) =>
    [
        new CompositePath { Path = "/" + field, Order = order },
        new CompositePath { Path = IdPath, Order = order },
    ];
}
