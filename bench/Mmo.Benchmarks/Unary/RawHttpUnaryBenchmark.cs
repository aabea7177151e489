using BenchmarkDotNet.Attributes;
using Mmo.Benchmarks.Infrastructure;

namespace Mmo.Benchmarks.Unary;

/// <summary>
/// The same unary call as <see cref="UnaryCallBenchmark.UnaryCall"/>, sent with bare HttpClient types and a
/// prebuilt frame instead of our client. Allocated is then Kestrel, our server and SocketsHttpHandler;
/// the difference to <see cref="UnaryCallBenchmark.UnaryCall"/> is what our client adds on top of HttpClient.
/// </summary>
public class RawHttpUnaryBenchmark : LoopbackBenchmarkBase
{
    private readonly byte[] _readBuffer = new byte[4096];
    private HttpMessageInvoker _invoker = null!;
    private Uri _uri = null!;

    protected override void OnSetup()
    {
        // The handler settings of GrpcChannel's own, so both benchmarks use the same transport.
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            InitialHttp2StreamWindowSize = 1024 * 1024,
        });
        _uri = new Uri(Server.Address, UnaryPath);
        RawUnaryCall().GetAwaiter().GetResult();
    }

    protected override void OnCleanup() => _invoker.Dispose();

    [Benchmark]
    public async Task RawUnaryCall()
    {
        var status = await RawGrpcRequest.SendAsync(_invoker, _uri, RequestFrame, _readBuffer).ConfigureAwait(false);
        if (status != 0)
        {
            throw new InvalidOperationException($"grpc-status {status}");
        }
    }
}
