using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Mmo.Benchmarks.Infrastructure;

/// <summary>
/// One reusable HTTP/2-like request for a gRPC endpoint's request delegate, without Kestrel: the
/// request headers our client sends, a prebuilt request frame, a discarding response body and a
/// trailers collection. Kestrel pools its per-stream HttpContext too, so reusing one here measures
/// what the gRPC server code allocates per call, not what hosting does.
/// </summary>
internal sealed class InMemoryServerCall
{
    private readonly DefaultHttpContext _context;
    private readonly FramePipeReader _requestBody;
    private readonly HeaderDictionary _responseHeaders = new();
    private readonly HeaderDictionary _trailers = new();
    private readonly HttpResponseFeature _response = new();

    public InMemoryServerCall(string path, byte[] requestFrame, IServiceProvider requestServices)
    {
        _requestBody = new FramePipeReader(requestFrame);
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Protocol = "HTTP/2",
            Method = "POST",
            Scheme = "http",
            Path = path,
            Headers = new HeaderDictionary
            {
                ["host"] = "127.0.0.1:5000",
                ["content-type"] = "application/grpc",
                ["te"] = "trailers",
                ["user-agent"] = "mmo-grpc-dotnet/1.0.0",
                ["grpc-accept-encoding"] = "identity,gzip",
            },
        });
        _response.Headers = _responseHeaders;
        features.Set<IHttpResponseFeature>(_response);
        features.Set<IHttpResponseBodyFeature>(new PipeBodyFeature(ResponseBody));
        features.Set<IHttpResponseTrailersFeature>(new TrailersFeature(_trailers));
        features.Set<IRequestBodyPipeFeature>(new RequestPipeFeature(_requestBody));
        features.Set<IServiceProvidersFeature>(new ServiceProvidersFeature { RequestServices = requestServices });
        _context = new DefaultHttpContext(features);
    }

    public DiscardingPipeWriter ResponseBody { get; } = new();

    public IHeaderDictionary Trailers => _trailers;

    /// <summary>The context, reset to an unanswered request.</summary>
    public HttpContext Next()
    {
        _requestBody.Reset();
        ResponseBody.Reset();
        _responseHeaders.Clear();
        _trailers.Clear();
        _response.StatusCode = StatusCodes.Status200OK;
        return _context;
    }

    private sealed class RequestPipeFeature(System.IO.Pipelines.PipeReader reader) : IRequestBodyPipeFeature
    {
        public System.IO.Pipelines.PipeReader Reader => reader;
    }

    private sealed class TrailersFeature(IHeaderDictionary trailers) : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = trailers;
    }

    private sealed class PipeBodyFeature(DiscardingPipeWriter writer) : IHttpResponseBodyFeature
    {
        public Stream Stream => writer.AsStream();

        public System.IO.Pipelines.PipeWriter Writer => writer;

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task CompleteAsync() => Task.CompletedTask;
    }
}
