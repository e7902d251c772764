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

    /// <summary>
    /// Conversation state: one document per conversation, id = a keyed hash of the state key, partition key
    /// <c>/id</c>. Every access is a point read or a conditional write of one conversation (the per-turn hot path),
    /// so each conversation is its own logical partition: writes spread evenly over physical partitions and no
    /// partition grows past one document. Nothing is queried, so nothing is indexed (cheaper writes).
    /// The WhatsApp and Direct Line inboxes and activity logs will sit next to it, partitioned by the same
    /// conversation hash, so a turn's inbox entry and state share a partition.
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
    /// The notification outbox lives inside the case document (its pending notifications), so a case and its
    /// notifications are written in one atomic single-document write; the dispatcher finds pending ones with a
    /// query (or the change feed). Only the fields that are queried are indexed; the encrypted document is not.
    /// </summary>
    public static ContainerProperties Cases(string name)
    {
        var indexing = NothingIndexed();
        foreach (var field in CosmosCaseStore.IndexedFields)
        {
            indexing.IncludedPaths.Add(new IncludedPath { Path = $"/{field}/?" });
        }
        // Two-field ORDER BY needs a composite index per direction (the stand-in does not use a reversed one).
        indexing.CompositeIndexes.Add(Composite(CompositePathSortOrder.Ascending));
        indexing.CompositeIndexes.Add(Composite(CompositePathSortOrder.Descending));
        return new ContainerProperties(name, IdPath) { IndexingPolicy = indexing };
    }

    private static IndexingPolicy NothingIndexed()
    {
        var policy = new IndexingPolicy { IndexingMode = IndexingMode.Consistent, Automatic = true };
        policy.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        return policy;
    }

    private static Collection<CompositePath> Composite(CompositePathSortOrder order) =>
    [
        new CompositePath { Path = "/" + CosmosCaseStore.FiledAtField, Order = order },
        new CompositePath { Path = IdPath, Order = order },
    ];
}
