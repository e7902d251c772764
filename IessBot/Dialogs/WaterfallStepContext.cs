using System.Text.Json.Nodes;
using IessBot.Dialogs.Prompts;

namespace IessBot.Dialogs;

/// <summary>
/// What a waterfall step sees: the typed <see cref="State"/>, the previous child's result, and the
/// dialog stack operations of <see cref="DialogContext"/> (reference/botframework.md §6.3).
/// </summary>
public sealed class WaterfallStepContext<TState> : DialogContext
    where TState : class, new()
{
    private readonly WaterfallDialog<TState> _waterfall;
    private readonly string _stepName;
    private readonly JsonNode? _options;
    private bool _nextCalled;

    internal WaterfallStepContext(
        WaterfallDialog<TState> waterfall,
        DialogContext dc,
        string stepName,
        int index,
        DialogReason reason,
        object? result,
        TState state,
        JsonNode? options)
        : base(dc)
    {
        _waterfall = waterfall;
        _stepName = stepName;
        Index = index;
        Reason = reason;
        RawResult = result;
        State = state;
        _options = options;
    }

    /// <summary>The zero-based index of the running step.</summary>
    public int Index { get; }

    public DialogReason Reason { get; }

    /// <summary>The previous child's result (or the message text) as it came; prefer <see cref="Result{T}"/>.</summary>
    public object? RawResult { get; }

    /// <summary>The waterfall's state; changes are saved as JSON when the step returns.</summary>
    public TState State { get; }

    /// <summary>True when the previous child was a prompt that ran out of attempts (<see cref="PromptOptions.MaxAttempts"/>).</summary>
    public bool PromptGaveUp => RawResult is Prompts.PromptGaveUp;

    /// <summary>The previous child's result as <typeparamref name="T"/>; throws a clear exception when it is absent or of another type.</summary>
    public T Result<T>() => RawResult switch
    {
        T value => value,
        Prompts.PromptGaveUp => throw Mismatch<T>("the prompt gave up after its last attempt; test PromptGaveUp first"),
        null => throw Mismatch<T>("there is no result"),
        var other => throw Mismatch<T>($"the result is a {other.GetType().Name}"),
    };

    /// <summary>Like <see cref="Result{T}"/>, but default when there is no result or the prompt gave up.</summary>
    public T? ResultOrDefault<T>() => RawResult switch
    {
        T value => value,
        null or Prompts.PromptGaveUp => default,
        var other => throw Mismatch<T>($"the result is a {other.GetType().Name}"),
    };

    /// <summary>The begin options (when they were not the initial state), read back from JSON.</summary>
    public T? GetOptions<T>() => DialogJson.FromNode<T>(_options);

    /// <summary>Skips to the next step at once with <paramref name="result"/>; once per step.</summary>
    public Task<DialogTurnResult> NextAsync(object? result = null, CancellationToken cancellationToken = default)
    {
        if (_nextCalled)
        {
            throw new InvalidOperationException($"NextAsync was already called in step '{_stepName}' of dialog '{_waterfall.Id}'.");
        }
        _nextCalled = true;
        return _waterfall.NextAsync(this, result, cancellationToken);
    }

    private InvalidOperationException Mismatch<T>(string what) =>
        new($"Step '{_stepName}' ({Index + 1} of {_waterfall.StepCount}) of dialog '{_waterfall.Id}' expected a {typeof(T).Name}, but {what}.");
}
