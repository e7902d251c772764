namespace IessBot.Dialogs;

/// <summary>One step of a <see cref="WaterfallDialog{TState}"/>: ask, or take the answer and move on.</summary>
public delegate Task<DialogTurnResult> WaterfallStep<TState>(WaterfallStepContext<TState> step, CancellationToken cancellationToken)
    where TState : class, new();
