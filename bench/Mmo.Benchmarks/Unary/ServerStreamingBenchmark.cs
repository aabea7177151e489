using BenchmarkDotNet.Attributes;
using Mmo.Testing.V1;

namespace Mmo.Benchmarks.Unary;

/// <summary>
/// StreamingOutputCall with <see cref="Messages"/> small responses per call, over loopback; results
/// are per message (OperationsPerInvoke), so the call set-up is spread over the stream.
/// </summary>
public class ServerStreamingBenchmark : LoopbackBenchmarkBase
{
    private const int Messages = 100;
    private StreamingOutputRequest _streamRequest = null!;

    protected override void OnSetup()
    {
        _streamRequest = new StreamingOutputRequest();
        for (var i = 0; i < Messages; i++)
        {
            _streamRequest.ResponseSizes.Add(10);
        }
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<int> StreamingOutputCall()
    {
        using var call = Client.StreamingOutputCall(_streamRequest);
        var count = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
        {
            count++;
        }
        return count;
    }
}
