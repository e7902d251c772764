using System.Diagnostics.Metrics;
using IessBot.BotFramework.Schema;

namespace IessBot.Turns;

/// <summary>
/// Turn measurements for OpenTelemetry or <c>dotnet-counters</c> (meter <c>IessBot.Turns</c>): how long turns take,
/// how often a conversation's state was found changed by another writer, and how many redeliveries were skipped.
/// </summary>
public sealed class TurnMetrics
{
    public const string MeterName = "IessBot.Turns";

    private readonly Histogram<double> _duration;

    public TurnMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram<double>("iessbot.turn.duration", unit: "ms", description: "Time from a turn's start to the delivery of its replies.");
        Conflicts = meter.CreateCounter<long>("iessbot.turn.state_conflicts", description: "Turns run again because the state changed underneath.");
        Duplicates = meter.CreateCounter<long>("iessbot.turn.duplicates", description: "Activities skipped because their id was already processed.");
    }

    public Counter<long> Conflicts { get; }
    public Counter<long> Duplicates { get; }

    public void RecordTurn(Activity activity, double elapsedMs) =>
        _duration.Record(elapsedMs, new KeyValuePair<string, object?>("channel", activity.ChannelId), new KeyValuePair<string, object?>("activity.type", activity.Type));
}
