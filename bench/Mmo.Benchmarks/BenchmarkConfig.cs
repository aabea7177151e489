using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Mmo.Benchmarks;

/// <summary>
/// The default job of this suite: short (3 warm-up and 3 measured iterations, one launch) and in-process.
/// In-process keeps this project's runtime settings (server GC) and needs no generated project, so
/// nothing is restored at run time. Pass <c>--job</c> on the command line to add longer jobs.
/// </summary>
/// <remarks>
/// MemoryDiagnoser reads <see cref="GC.GetTotalAllocatedBytes(bool)"/>, which counts every thread of
/// the process: the Allocated column of a loopback benchmark holds client and Kestrel/server bytes together.
/// </remarks>
public static class BenchmarkConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
        .AddDiagnoser(MemoryDiagnoser.Default);
}
