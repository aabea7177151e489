using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Mmo.DatabaseService.Diagnostics;

/// <summary>The DatabaseService's own instruments (meter <c>Mmo.Database</c>; exported as <c>mmo_database_*</c>).</summary>
internal sealed class DatabaseMetrics
{
    public const string MeterName = "Mmo.Database";

    private readonly Counter<long> _errors;
    private readonly Counter<long> _statesSaved;
    private readonly Histogram<int> _batchSize;

    public DatabaseMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _errors = meter.CreateCounter<long>("mmo.database.errors", "{error}", "Data calls that ended with a mapped error status, by status code.");
        _statesSaved = meter.CreateCounter<long>("mmo.database.character_states.saved", "{state}", "Character states written by SaveCharacterState(s).");
        _batchSize = meter.CreateHistogram<int>("mmo.database.character_states.batch_size", "{state}", "Character states per successful save call.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 10, 50, 100, 250, 500, 1000, 2500, 5000] });
    }

    public void Error(StatusCode code) => _errors.Add(1, new KeyValuePair<string, object?>("grpc_code", code.ToString()));

    public void StatesSaved(int count)
    {
        _statesSaved.Add(count);
        _batchSize.Record(count);
    }
}
