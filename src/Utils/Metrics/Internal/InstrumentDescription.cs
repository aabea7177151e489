using System.Diagnostics.Metrics;

namespace Mmo.Metrics.Internal;

/// <summary>The parts of an instrument a family is built from, separate from <see cref="Instrument"/> so tests can make one.</summary>
internal sealed record InstrumentDescription(string Name, string MeterName, string? Unit, string? Description)
{
    public static InstrumentDescription From(Instrument instrument) =>
        new(instrument.Name, instrument.Meter.Name, instrument.Unit, instrument.Description);
}
