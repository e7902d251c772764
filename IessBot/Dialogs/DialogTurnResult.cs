namespace IessBot.Dialogs;

/// <summary>
/// What a dialog operation left behind: the stack status and, when the stack completed, the result of
/// the last dialog. The result lives only for this turn and is never persisted.
/// </summary>
public sealed record DialogTurnResult(DialogTurnStatus Status, object? Result = null);
