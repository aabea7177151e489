using BenchmarkDotNet.Attributes;
using Mmo.Testing.V1;

namespace Mmo.Benchmarks.Unary;

/// <summary>
/// A unary call through our client, HTTP/2 over loopback, Kestrel and our server, and back. Allocated
/// holds both sides. The concurrent variant keeps 16 calls in flight on the channel, as the load tool does,
/// and reports the cost per call.
/// </summary>
public class UnaryCallBenchmark : LoopbackBenchmarkBase
{
    private const int Concurrency = 16;
    private readonly Task<SimpleResponse>[] _calls = new Task<SimpleResponse>[Concurrency];

    [Benchmark(Baseline = true)]
    public Task<SimpleResponse> UnaryCall() => Client.UnaryCallAsync(Request).ResponseAsync;

    [Benchmark(OperationsPerInvoke = Concurrency)]
    public Task UnaryCall16Concurrent()
    {
        for (var i = 0; i < _calls.Length; i++)
        {
            _calls[i] = Client.UnaryCallAsync(Request).ResponseAsync;
        }
        return Task.WhenAll(_calls);
    }
}
