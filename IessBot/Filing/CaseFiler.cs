using System.Runtime.CompilerServices;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Filing.Dialogs;
using IessBot.Filing.Geography;
using IessBot.Filing.Texts;
using IessBot.Notifications;

namespace IessBot.Filing;

/// <summary>
/// Turns a finished <see cref="FilingState"/> into a <see cref="FiledCase"/> in the case store. Filing is
/// idempotent: the case number and filing id are fixed in the state before the case is stored, and the store
/// returns the same case when the same filing is created again (DESIGN.md, "How a turn runs" 6). With notifications
/// registered, the case and its confirmation e-mail are stored together (<see cref="CaseConfirmations"/>).
/// </summary>
public sealed partial class CaseFiler(
    ICaseStore cases,
    CaseNumberGenerator numbers,
    EcuadorDpa dpa,
    ILogger<CaseFiler> logger,
    CaseConfirmations? confirmations = null)
{
    /// <summary>New numbers tried when a number is already taken (45 random bits: a second clash is very unlikely).</summary>
    private const int MaxNumberAttempts = 5;

    /// <summary>Gives the filing its case number and filing id, once.</summary>
    public void FixIdentity(FilingState state)
    {
        state.CaseNumber ??= numbers.Next(state.Type).Value;
        state.FilingId ??= Guid.NewGuid().ToString("N");
    }

    public FilingSummary Summarize(FilingState state)
    {
        var (province, canton) = Location(state);
        return new FilingSummary(
            state.Type,
            CategoryOf(state).FullName,
            Required(state.Cedula),
            Required(state.Phone),
            Required(state.Email),
            province.Name,
            canton.Name,
            Street(state),
            Required(state.Description),
            state.Place,
            [.. state.Evidence.Select(evidence => evidence.OriginalName)]);
    }

    /// <summary>
    /// Stores the case filed in the turn of <paramref name="activity"/>, with where to reach the citizen later
    /// (<see cref="FiledCase.Origin"/>: the channel, conversation and accounts of that activity).
    /// </summary>
    public Task<FiledCase> FileAsync(FilingState state, Activity activity, DateTimeOffset filedAt, CancellationToken cancellationToken) =>
        FileAsync(state, activity.ChannelId ?? "", filedAt, cancellationToken, OriginOf(activity));

    /// <summary>Stores the case; a case number already used by another filing is replaced by a new one (kept in the state).</summary>
    public async Task<FiledCase> FileAsync(FilingState state, string channelId, DateTimeOffset filedAt, CancellationToken cancellationToken, CitizenChannel? origin = null)
    {
        FixIdentity(state);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var filedCase = ToCase(state, channelId, filedAt) with { Origin = origin };
                var filed = confirmations is null
                    ? await cases.CreateAsync(filedCase, cancellationToken)
                    : await confirmations.FileAsync(filedCase, cancellationToken);
                LogFiled(state.Type, channelId, state.Evidence.Count);
                return filed;
            }
            catch (DuplicateCaseNumberException) when (attempt < MaxNumberAttempts)
            {
                LogNumberTaken(state.Type);
                state.CaseNumber = numbers.Next(state.Type).Value;
            }
        }
    }

    private FiledCase ToCase(FilingState state, string channelId, DateTimeOffset filedAt)
    {
        var (province, canton) = Location(state);
        return new FiledCase
        {
            CaseNumber = Required(state.CaseNumber),
            FilingId = Required(state.FilingId),
            Type = state.Type,
            Category = CategoryOf(state).Code,
            Consent = state.Consent ?? throw Missing(nameof(state.Consent)),
            Cedula = Required(state.Cedula),
            Phone = Required(state.Phone),
            Email = Required(state.Email),
            Address = new HomeAddress(province.Code, province.Name, canton.Code, canton.Name, Street(state)),
            Description = Required(state.Description),
            Place = state.Place,
            Evidence = [.. state.Evidence],
            ChannelId = channelId,
            FiledAt = filedAt,
        };
    }

    /// <summary>Null when the activity does not say where it came from (no conversation or user): then only the e-mail reaches the citizen.</summary>
    public static CitizenChannel? OriginOf(Activity activity) =>
        activity is { ChannelId: { Length: > 0 } channelId, Conversation.Id: { Length: > 0 } conversationId, From.Id: { Length: > 0 } userId }
            ? new CitizenChannel(channelId, activity.ServiceUrl, conversationId, userId, activity.Recipient?.Id) { CallerId = activity.CallerId }
            : null;

    private CaseCategory CategoryOf(FilingState state) =>
        Categories.FindByCode(state.Type, Required(state.Category)) ?? throw Missing(nameof(state.Category));

    private (Province Province, Canton Canton) Location(FilingState state) =>
        (dpa.FindProvince(Required(state.ProvinceCode)) ?? throw Missing(nameof(state.ProvinceCode)),
         dpa.FindCanton(Required(state.CantonCode)) ?? throw Missing(nameof(state.CantonCode)));

    private static string Street(FilingState state) => Required(state.Street);

    private static string Required(string? value, [CallerArgumentExpression(nameof(value))] string field = "") =>
        value ?? throw Missing(field);

    // The message names the field, never its value: exceptions end up in logs.
    private static InvalidOperationException Missing(string field) =>
        new($"The filing reached the summary without {field}; every field is asked before the summary.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Case filed: {CaseType} on {ChannelId} with {EvidenceCount} evidence files")]
    private partial void LogFiled(CaseType caseType, string channelId, int evidenceCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A new {CaseType} case number was already taken; trying another")]
    private partial void LogNumberTaken(CaseType caseType);
}
