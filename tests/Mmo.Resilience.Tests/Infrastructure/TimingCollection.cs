namespace Mmo.Resilience.Tests.Infrastructure;

/// <summary>
/// Tests that measure delays and deadlines run alone, after the others: on a 2-core machine, parallel test hosts
/// starting up delay timers by hundreds of milliseconds.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
