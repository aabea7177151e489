using BenchmarkDotNet.Attributes;
using Mmo.Benchmarks.Infrastructure;
using Mmo.Grpc.Client;
using Mmo.Testing.V1;

namespace Mmo.Benchmarks.Client;

/// <summary>
/// Our client's side of a unary call alone: the channel sends through a handler that answers at once
/// with a prebuilt response, without network or server. <see cref="HttpClientOnly"/> is the same exchange
/// with bare HttpClient types, the floor any client on HttpClient pays; the difference is our client's cost.
/// </summary>
[MemoryDiagnoser]
public class ClientUnaryBenchmark
{
    private static readonly Uri Address = new("http://127.0.0.1:5000");
    private readonly byte[] _readBuffer = new byte[4096];
    private GrpcChannel _channel = null!;
    private Interop.InteropClient _client = null!;
    private HttpMessageInvoker _rawInvoker = null!;
    private SimpleRequest _request = null!;
    private byte[] _requestFrame = [];
    private Uri _uri = null!;

    [GlobalSetup]
    public void GlobalSetup()
    {
        var responseFrame = GrpcFrames.Encode(new SimpleResponse());
        _channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = new CannedResponseHandler(responseFrame), DisposeHttpHandler = true });
        _client = new Interop.InteropClient(_channel);
        _rawInvoker = new HttpMessageInvoker(new CannedResponseHandler(responseFrame));
        _request = new SimpleRequest();
        _requestFrame = GrpcFrames.Encode(_request);
        _uri = new Uri(Address, "/mmo.testing.v1.Interop/UnaryCall");
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _channel.Dispose();
        _rawInvoker.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<int> HttpClientOnly() => RawGrpcRequest.SendAsync(_rawInvoker, _uri, _requestFrame, _readBuffer);

    [Benchmark]
    public Task<SimpleResponse> UnaryCall() => _client.UnaryCallAsync(_request).ResponseAsync;
}
