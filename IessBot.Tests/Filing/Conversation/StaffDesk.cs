using IessBot.Cases;

namespace IessBot.Tests.Filing.Conversation;

/// <summary>What staff do to a case, as the console does it: a <see cref="CaseWorkflow"/> rule, then the workflow store.</summary>
internal sealed class StaffDesk(CaseWorkflow workflow, ICaseWorkflowStore store, TimeProvider time)
{
    public static readonly StaffActor Supervisor = new("staff-7", "Ana Torres", new HashSet<string> { StaffRoles.Supervisor });

    public async Task<CaseFile> FileOfAsync(string caseNumber) =>
        await store.GetAsync(caseNumber, default) ?? throw new InvalidOperationException("No such case.");

    /// <summary>Takes the case into analysis (when it is not yet) and asks the citizen for <paramref name="request"/>.</summary>
    public async Task RequestAsync(string caseNumber, string request)
    {
        var file = await FileOfAsync(caseNumber);
        if (file.Progress.Status == CaseStatuses.Received)
        {
            await store.UpdateAsync(workflow.ChangeStatus(file, Supervisor, CaseStatuses.InAnalysis, time.GetUtcNow()), default);
            file = await FileOfAsync(caseNumber);
        }
        await store.UpdateAsync(workflow.RequestInformation(file, Supervisor, request, time.GetUtcNow()), default);
    }

    public async Task ResolveAsync(string caseNumber, string resolution)
    {
        var file = await FileOfAsync(caseNumber);
        if (file.Progress.Status == CaseStatuses.Received)
        {
            await store.UpdateAsync(workflow.ChangeStatus(file, Supervisor, CaseStatuses.InAnalysis, time.GetUtcNow()), default);
            file = await FileOfAsync(caseNumber);
        }
        await store.UpdateAsync(workflow.Resolve(file, Supervisor, resolution, time.GetUtcNow()), default);
    }

    public async Task AddNoteAsync(string caseNumber, string note) =>
        await store.UpdateAsync(workflow.AddNote(await FileOfAsync(caseNumber), Supervisor, note, time.GetUtcNow()), default);
}
