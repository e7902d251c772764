namespace IessBot.Dialogs.Choices;

/// <summary>
/// The choice recognised in an answer: its <see cref="Value"/> and zero-based <see cref="Index"/>,
/// a <see cref="Score"/> in (0, 1] (1 for an exact or numbered answer), and the <see cref="Synonym"/>
/// (value, synonym or title) that matched, null when picked by number.
/// </summary>
public sealed record FoundChoice(string Value, int Index, double Score, string? Synonym);
