using System.Net;
using System.Net.Http;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Mmo.Grpc.Client;

/// <summary>
/// A channel to one gRPC server over HTTP/2 (h2c for http://, TLS for https://). Thread-safe: one
/// channel is meant to be shared by every caller of a process, and its connections are reused.
/// </summary>
public sealed class GrpcChannel : ChannelBase, IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly bool _disposeInvoker;
    private readonly CallInvoker _callInvoker;
    private readonly CancellationTokenSource _disposed = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Uri> _methodUris = new(StringComparer.Ordinal);

    private GrpcChannel(Uri address, GrpcChannelOptions options)
        : base(address.Authority)
    {
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Address '{address}' must start with http:// or https://.", nameof(address));
        }
        Address = address;
        Options = options;
        if (options.HttpHandler is { } handler)
        {
            _invoker = new HttpMessageInvoker(handler, options.DisposeHttpHandler);
        }
        else
        {
            _invoker = new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
        }
        _disposeInvoker = true;
        CallInvoker invoker = new HttpCallInvoker(this);
        if (options.Interceptors.Count > 0)
        {
            invoker = invoker.Intercept(options.Interceptors.ToArray());
        }
        _callInvoker = invoker;
    }

    /// <summary>The server's base address.</summary>
    public Uri Address { get; }

    internal GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker HttpInvoker => _invoker;

    /// <summary>Cancelled when the channel is disposed: calls still running end with CANCELLED.</summary>
    internal CancellationToken DisposedToken => _disposed.Token;

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) =>
        ForAddress(new Uri(address), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null) =>
        new(address, options ?? new GrpcChannelOptions());

    public override CallInvoker CreateCallInvoker() => _callInvoker;

    /// <summary>The request URI of a method, built once per method.</summary>
    internal Uri GetMethodUri(IMethod method) =>
        _methodUris.TryGetValue(method.FullName, out var uri) ? uri : _methodUris.GetOrAdd(method.FullName, path => new Uri(Address, path));

    /// <summary>Cancels calls still running and closes the connections.</summary>
    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        _disposed.Cancel();
        if (_disposeInvoker)
        {
            _invoker.Dispose();
        }
        _disposed.Dispose();
    }

    private static SocketsHttpHandler CreateHandler(GrpcChannelOptions options) => new()
    {
        // gRPC connections live long; a second connection opens when the first reaches the server's stream limit.
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        KeepAlivePingDelay = options.KeepAlivePingDelay,
        KeepAlivePingTimeout = options.KeepAlivePingTimeout,
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        ConnectTimeout = options.ConnectTimeout,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        AllowAutoRedirect = false,
        InitialHttp2StreamWindowSize = 1024 * 1024,
    };
}
