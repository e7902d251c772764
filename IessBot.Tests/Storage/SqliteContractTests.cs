namespace IessBot.Tests.Storage;

/// <summary>The case workflow contract on the Embedded provider (SQLite: progress columns, case_events, one transaction with the outbox).</summary>
public sealed class SqliteCaseWorkflowStoreContractTests : CaseWorkflowStoreContract
{
    internal override Task<IStorageUnderTest> OpenStorageAsync() => Task.FromResult<IStorageUnderTest>(new EmbeddedStorage());
}

/// <summary>The audit trail contract on the Embedded provider (SQLite: appends under the database's write gate).</summary>
public sealed class SqliteAuditTrailTests : AuditTrailContract
{
    internal override Task<IStorageUnderTest> OpenStorageAsync() => Task.FromResult<IStorageUnderTest>(new EmbeddedStorage());
}

/// <summary>The staff account contract on the Embedded provider.</summary>
public sealed class SqliteStaffAccountStoreTests : StaffAccountStoreContract
{
    internal override Task<IStorageUnderTest> OpenStorageAsync() => Task.FromResult<IStorageUnderTest>(new EmbeddedStorage());
}
