namespace IessBot.Dialogs;

/// <summary>The state of the dialog stack after a call (reference/botframework.md §6.2).</summary>
public enum DialogTurnStatus
{
    /// <summary>No dialog was active.</summary>
    Empty,

    /// <summary>The active dialog waits for the next activity (Bot Builder's EndOfTurn).</summary>
    Waiting,

    /// <summary>The last dialog on the stack ended; the result is the one it ended with.</summary>
    Complete,

    /// <summary>The stack was cancelled.</summary>
    Cancelled,

    /// <summary>The dialog completed and waits for the next activity before doing more.</summary>
    CompleteAndWait,
}
