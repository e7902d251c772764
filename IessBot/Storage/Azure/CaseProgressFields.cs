using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IessBot.Cases;

namespace IessBot.Storage.Azure;

/// <summary>
/// How a case document carries its workflow: the <see cref="CaseProgress"/> as clear top-level fields (what the
/// staff list filters and sorts on; no personal data) and the timeline as an array of events, each encrypted on its
/// own with the case number and its position as associated data, so an event copied to another case or moved
/// within the timeline does not decrypt.
/// </summary>
internal static class CaseProgressFields
{
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The document with <paramref name="progress"/> in its clear fields and <paramref name="events"/> as its timeline.</summary>
    public static CaseItem With(CaseItem item, CaseProgress progress, List<string> events) => item with
    {
        Status = progress.Status,
        Team = progress.Team.ToString(),
        AssigneeId = progress.AssigneeId,
        AssigneeName = progress.AssigneeName,
        DueAt = Text(progress.DueAt),
        AtRiskAt = Text(progress.AtRiskAt),
        PausedSince = Text(progress.PausedSince),
        FirstResponseAt = Text(progress.FirstResponseAt),
        ResolvedAt = Text(progress.ResolvedAt),
        ClosedAt = Text(progress.ClosedAt),
        Version = progress.Version,
        Events = events,
    };

    /// <summary>The stored progress; null for a case filed before the workflow existed.</summary>
    public static CaseProgress? Read(CaseItem item) => item.Version is not { } version ? null : Read(new ProgressRow
    {
        Id = item.Id,
        Type = item.Type,
        Category = item.Category,
        ProvinceCode = item.ProvinceCode,
        FiledAt = item.FiledAt,
        Team = item.Team!,
        Status = item.Status,
        AssigneeId = item.AssigneeId,
        AssigneeName = item.AssigneeName,
        DueAt = item.DueAt!,
        AtRiskAt = item.AtRiskAt!,
        PausedSince = item.PausedSince,
        FirstResponseAt = item.FirstResponseAt,
        ResolvedAt = item.ResolvedAt,
        ClosedAt = item.ClosedAt,
        Version = version,
    });

    public static CaseProgress Read(ProgressRow row) => new()
    {
        CaseNumber = row.Id,
        Type = Enum.Parse<CaseType>(row.Type),
        Category = row.Category,
        ProvinceCode = row.ProvinceCode,
        FiledAt = Time(row.FiledAt),
        Team = Enum.Parse<CaseTeam>(row.Team),
        Status = row.Status,
        AssigneeId = row.AssigneeId,
        AssigneeName = row.AssigneeName,
        DueAt = Time(row.DueAt),
        AtRiskAt = Time(row.AtRiskAt),
        PausedSince = OptionalTime(row.PausedSince),
        FirstResponseAt = OptionalTime(row.FirstResponseAt),
        ResolvedAt = OptionalTime(row.ResolvedAt),
        ClosedAt = OptionalTime(row.ClosedAt),
        Version = row.Version,
    };

    public static string ProtectEvent(PersonalDataProtector protector, string caseNumber, int position, CaseEvent caseEvent) =>
        protector.ProtectToBase64(JsonSerializer.Serialize(caseEvent, EventJson), EventAssociatedData(caseNumber, position));

    public static CaseEvent UnprotectEvent(PersonalDataProtector protector, string caseNumber, int position, string protectedEvent) =>
        JsonSerializer.Deserialize<CaseEvent>(protector.UnprotectFromBase64(protectedEvent, EventAssociatedData(caseNumber, position)), EventJson)
            ?? throw new InvalidDataException($"An event of the case {caseNumber} is empty.");

    public static string Text(DateTimeOffset instant) => CaseDocuments.FiledAtText(instant);

    public static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture,
        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string? Text(DateTimeOffset? instant) => instant is { } value ? Text(value) : null;

    private static DateTimeOffset? OptionalTime(string? text) => text is null ? null : Time(text);

    private static string EventAssociatedData(string caseNumber, int position) =>
        string.Create(CultureInfo.InvariantCulture, $"{caseNumber}/event/{position}");
}

/// <summary>The clear fields of a case document that make up its <see cref="CaseProgress"/> (what the list query projects).</summary>
internal sealed record ProgressRow
{
    /// <summary>The projection of the list query: the same fields, never the encrypted document or timeline.</summary>
    public const string Projection =
        "c.id, c.type, c.category, c.provinceCode, c.filedAt, c.team, c.status, c.assigneeId, c.assigneeName, " +
        "c.dueAt, c.atRiskAt, c.pausedSince, c.firstResponseAt, c.resolvedAt, c.closedAt, c.version";

    public required string Id { get; init; }
    public required string Type { get; init; }
    public required string Category { get; init; }
    public required string ProvinceCode { get; init; }
    public required string FiledAt { get; init; }
    public required string Team { get; init; }
    public required string Status { get; init; }
    public string? AssigneeId { get; init; }
    public string? AssigneeName { get; init; }
    public required string DueAt { get; init; }
    public required string AtRiskAt { get; init; }
    public string? PausedSince { get; init; }
    public string? FirstResponseAt { get; init; }
    public string? ResolvedAt { get; init; }
    public string? ClosedAt { get; init; }
    public long Version { get; init; }
}
