using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Mmo.MetricsBench;

/// <summary>
/// In-process (keeps this project's server GC settings, restores nothing at run time), 3 warm-up and 10 measured
/// iterations: recording costs a few nanoseconds, and the short job's 3 iterations leave too wide an error.
/// </summary>
public static class BenchmarkConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .AsDefault())
        .AddDiagnoser(MemoryDiagnoser.Default);
}
