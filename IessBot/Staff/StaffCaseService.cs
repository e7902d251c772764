using IessBot.Cases;
using IessBot.Evidence;
using IessBot.Notifications;

namespace IessBot.Staff;

/// <summary>
/// What every console page does with cases, in one place: the role check (<see cref="CaseAccess"/>, on the server,
/// for every read, download and action), the audit entry, and the store call. A case the actor may not open answers
/// exactly like an unknown case (<see cref="CaseNotVisibleException"/> → 404), so a typed URL does not reveal that a
/// denuncia exists; the refusal is still audited. Audit details never hold personal data (notes, requests, names).
/// </summary>
public sealed class StaffCaseService(
    ICaseWorkflowStore store,
    CaseWorkflow workflow,
    IAuditTrail audit,
    IOutbox outbox,
    CitizenNotices citizenNotices,
    IEvidenceStore evidence,
    IStaffAccountStore accounts,
    TimeProvider time)
{
    public const string ChangedMessage = "El caso cambió mientras lo editaba; revise y vuelva a intentar.";

    public async Task<CaseListPage> ListAsync(StaffActor actor, CaseListQuery query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var page = await store.ListAsync(query, CaseAccess.TeamsVisibleTo(actor), now, cancellationToken);
        await AuditAsync(actor, AuditActions.ViewList, null, StaffAuditDetails.Of(query), cancellationToken);
        return page;
    }

    public SlaState SlaOf(CaseProgress progress) => workflow.SlaOf(progress, time.GetUtcNow());

    /// <summary>The case page: the case, what may be done next, and the colleagues it may be assigned to.</summary>
    /// <exception cref="CaseNotVisibleException">Unknown, or not visible to <paramref name="actor"/>.</exception>
    public async Task<StaffCaseView> OpenAsync(StaffActor actor, string caseNumber, CancellationToken cancellationToken)
    {
        var file = await OpenVisibleAsync(actor, caseNumber, AuditActions.ViewCase, cancellationToken);
        await AuditAsync(actor, AuditActions.ViewCase, file.Filing.CaseNumber, null, cancellationToken);
        var progress = file.Progress;
        return new StaffCaseView(
            file,
            workflow.SlaOf(progress, time.GetUtcNow()),
            workflow.NextStatuses(progress),
            await ColleaguesAsync(actor, progress, cancellationToken),
            CaseAccess.CanChangeTeam(actor, progress),
            progress.Type == CaseType.Denuncia);
    }

    /// <summary>One evidence file of the case (filed with it, or sent later in an answer), as a stream to copy out.</summary>
    /// <exception cref="CaseNotVisibleException">Unknown case or file, or not visible to <paramref name="actor"/>.</exception>
    public async Task<EvidenceDownload> OpenEvidenceAsync(StaffActor actor, string caseNumber, string evidenceId, CancellationToken cancellationToken)
    {
        var file = await OpenVisibleAsync(actor, caseNumber, AuditActions.DownloadEvidence, cancellationToken);
        var reference = AllEvidence(file).FirstOrDefault(e => e.EvidenceId == evidenceId) ?? throw new CaseNotVisibleException();
        var content = await evidence.OpenReadAsync(reference.EvidenceId, cancellationToken) ?? throw new CaseNotVisibleException();
        // The evidence id is random and says nothing about the citizen; the file name is never audited.
        await AuditAsync(actor, AuditActions.DownloadEvidence, file.Filing.CaseNumber, reference.EvidenceId, cancellationToken);
        return new EvidenceDownload(content, reference.ContentType, reference.OriginalName, reference.Length);
    }

    public static IEnumerable<EvidenceReference> AllEvidence(CaseFile file) =>
        file.Filing.Evidence.Concat(file.Timeline.SelectMany(e => e.Evidence ?? []));

    /// <summary>Assigns to <paramref name="assigneeId"/>, or to the actor when null.</summary>
    public async Task AssignAsync(StaffActor actor, string caseNumber, long version, string? assigneeId, CancellationToken cancellationToken)
    {
        await ActAsync(actor, caseNumber, version, AuditActions.Assign, async (file, now) =>
        {
            var assignee = assigneeId is null || assigneeId == actor.Id
                ? actor
                : (await ColleaguesAsync(actor, file.Progress, cancellationToken)).FirstOrDefault(c => c.Id == assigneeId)
                  ?? throw new CaseActionException("La persona elegida no puede atender este caso.");
            return (workflow.Assign(file, actor, assignee, now), assignee.Id);
        }, publicEvent: false, cancellationToken);
    }

    public async Task ChangeTeamAsync(StaffActor actor, string caseNumber, long version, CaseTeam team, CancellationToken cancellationToken)
    {
        await ActAsync(actor, caseNumber, version, AuditActions.ChangeTeam, (file, now) =>
        {
            if (!CaseAccess.CanChangeTeam(actor, file.Progress))
            {
                throw new CaseActionException("Solo un supervisor puede cambiar el área de una queja.");
            }
            return Task.FromResult((workflow.ChangeTeam(file, actor, team, now), (string?)$"{file.Progress.Team} → {team}"));
        }, publicEvent: false, cancellationToken);
    }

    public Task ChangeStatusAsync(StaffActor actor, string caseNumber, long version, string toStatus, CancellationToken cancellationToken) =>
        ActAsync(actor, caseNumber, version, AuditActions.ChangeStatus, (file, now) =>
            Task.FromResult((workflow.ChangeStatus(file, actor, toStatus, now), (string?)$"{file.Progress.Status} → {toStatus}")),
            publicEvent: false, cancellationToken);

    public Task AddNoteAsync(StaffActor actor, string caseNumber, long version, string text, CancellationToken cancellationToken) =>
        ActAsync(actor, caseNumber, version, AuditActions.AddNote, (file, now) =>
            Task.FromResult((workflow.AddNote(file, actor, text, now), (string?)null)), publicEvent: false, cancellationToken);

    public Task RequestInformationAsync(StaffActor actor, string caseNumber, long version, string request, CancellationToken cancellationToken) =>
        ActAsync(actor, caseNumber, version, AuditActions.RequestInformation, (file, now) =>
            Task.FromResult((workflow.RequestInformation(file, actor, request, now), StatusDetail(file, CaseStatuses.InformationRequested))),
            publicEvent: true, cancellationToken);

    public Task ResolveAsync(StaffActor actor, string caseNumber, long version, string resolution, CancellationToken cancellationToken) =>
        ActAsync(actor, caseNumber, version, AuditActions.Resolve, (file, now) =>
            Task.FromResult((workflow.Resolve(file, actor, resolution, now), StatusDetail(file, CaseStatuses.Resolved))),
            publicEvent: true, cancellationToken);

    /// <summary>Denuncias: referred to an external authority. The authority's name is an institution, not personal data.</summary>
    public Task ReferAsync(StaffActor actor, string caseNumber, long version, string authority, CancellationToken cancellationToken) =>
        ActAsync(actor, caseNumber, version, AuditActions.Refer, (file, now) =>
            Task.FromResult((workflow.Refer(file, actor, authority, now), StatusDetail(file, CaseStatuses.Referred))),
            publicEvent: false, cancellationToken);

    /// <summary>
    /// Colleagues a case may be assigned to: the local accounts (<see cref="IStaffAccountStore"/>) that could open it.
    /// With OpenID Connect there are no local accounts, so only "assign to me" is offered (kept simple on purpose).
    /// </summary>
    public async Task<IReadOnlyList<StaffActor>> ColleaguesAsync(StaffActor actor, CaseProgress progress, CancellationToken cancellationToken)
    {
        var all = await accounts.ListAsync(cancellationToken);
        return [.. all
            .Select(a => new StaffActor(a.UserName, a.DisplayName, a.Roles.ToHashSet(StringComparer.Ordinal)))
            .Where(colleague => colleague.Id != actor.Id && CaseAccess.CanAssign(actor, progress, colleague))
            .OrderBy(colleague => colleague.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>Statistics over the teams the actor may count; null (and audited as denied) when the role may not see them.</summary>
    public async Task<CaseStatistics?> StatisticsAsync(StaffActor actor, DateTimeOffset from, DateTimeOffset before, CancellationToken cancellationToken)
    {
        if (!CaseAccess.CanSeeStatistics(actor))
        {
            await AuditAsync(actor, AuditActions.Denied, null, AuditActions.ViewStatistics, cancellationToken);
            return null;
        }
        var statistics = await store.StatisticsAsync(new StatisticsQuery(from, before, CaseAccess.TeamsVisibleTo(actor)), cancellationToken);
        await AuditAsync(actor, AuditActions.ViewStatistics, null, $"{from:yyyy-MM-dd}..{before:yyyy-MM-dd}", cancellationToken);
        return statistics;
    }

    /// <summary>The audit trail, newest first, and the chain check; null (and audited as denied) for anyone but an auditor.</summary>
    public async Task<AuditTrailPage?> AuditTrailAsync(
        StaffActor actor, string? caseNumber, long? beforeSequence, int pageSize, CancellationToken cancellationToken)
    {
        if (!CaseAccess.CanSeeAuditTrail(actor))
        {
            await AuditAsync(actor, AuditActions.Denied, null, AuditActions.ViewAuditTrail, cancellationToken);
            return null;
        }
        var number = caseNumber is not null && CaseNumber.TryParse(caseNumber, out var parsed) ? parsed.Value : null;
        var entries = await audit.ReadAsync(number, pageSize + 1, beforeSequence, cancellationToken);
        var check = await audit.VerifyAsync(cancellationToken);
        await AuditAsync(actor, AuditActions.ViewAuditTrail, number, null, cancellationToken);
        return new AuditTrailPage([.. entries.Take(pageSize)], entries.Count > pageSize ? entries[pageSize - 1].Sequence : null, check, number);
    }

    private async Task ActAsync(
        StaffActor actor,
        string caseNumber,
        long version,
        string action,
        Func<CaseFile, DateTimeOffset, Task<(CaseChange Change, string? Detail)>> decide,
        bool publicEvent,
        CancellationToken cancellationToken)
    {
        var file = await OpenVisibleAsync(actor, caseNumber, action, cancellationToken);
        if (file.Progress.Version != version)
        {
            throw new CaseActionException(ChangedMessage);
        }
        var now = time.GetUtcNow();
        var (change, detail) = await decide(file, now);
        try
        {
            if (publicEvent)
            {
                var notice = change.Events.Last(e => e.IsPublic);
                await outbox.UpdateCaseAsync(change, citizenNotices.For(file.Filing, notice), cancellationToken);
            }
            else
            {
                await store.UpdateAsync(change, cancellationToken);
            }
        }
        catch (CaseChangedException)
        {
            throw new CaseActionException(ChangedMessage);
        }
        await AuditAsync(actor, action, file.Filing.CaseNumber, detail, cancellationToken);
    }

    private async Task<CaseFile> OpenVisibleAsync(StaffActor actor, string caseNumber, string action, CancellationToken cancellationToken)
    {
        if (!CaseNumber.TryParse(caseNumber, out var number))
        {
            throw new CaseNotVisibleException();
        }
        var file = await store.GetAsync(number.Value, cancellationToken) ?? throw new CaseNotVisibleException();
        if (!CaseAccess.CanOpen(actor, file.Progress))
        {
            await AuditAsync(actor, AuditActions.Denied, number.Value, action, cancellationToken);
            throw new CaseNotVisibleException();
        }
        return file;
    }

    private static string? StatusDetail(CaseFile file, string toStatus) => $"{file.Progress.Status} → {toStatus}";

    private Task AuditAsync(StaffActor actor, string action, string? caseNumber, string? detail, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(time.GetUtcNow(), actor.Id, action, caseNumber, detail), cancellationToken);
}

/// <summary>The case page's model: the case and what the actor may do with it.</summary>
public sealed record StaffCaseView(
    CaseFile File,
    SlaState Sla,
    IReadOnlyList<string> NextStatuses,
    IReadOnlyList<StaffActor> Colleagues,
    bool CanChangeTeam,
    bool CanRefer);

/// <summary>An evidence file to stream to the browser; the caller disposes <see cref="Content"/>.</summary>
public sealed record EvidenceDownload(Stream Content, string ContentType, string FileName, long Length);

/// <summary>A page of the audit trail; <see cref="NextBefore"/> asks for the next (older) page.</summary>
public sealed record AuditTrailPage(IReadOnlyList<AuditEntry> Entries, long? NextBefore, AuditChainCheck Check, string? CaseNumber);

/// <summary>The case is unknown, or the actor may not see it: both answer 404, so existence is not revealed.</summary>
public sealed class CaseNotVisibleException() : Exception("The case is unknown or not visible to this staff member.");
