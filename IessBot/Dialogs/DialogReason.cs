namespace IessBot.Dialogs;

/// <summary>Why a dialog is being resumed or ended (reference/botframework.md §6.2).</summary>
public enum DialogReason
{
    BeginCalled,
    ContinueCalled,
    EndCalled,
    ReplaceCalled,
    CancelCalled,
    NextCalled,
}
