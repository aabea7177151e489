using System.Net;
using System.Net.Http;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Mmo.Grpc.Diagnostics;

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
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ClientMethodInfo> _methods = new(StringComparer.Ordinal);

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

    /// <summary>The request URI and metric tags of a method, built once per method.</summary>
    internal ClientMethodInfo GetMethodInfo(IMethod method) =>
        _methods.TryGetValue(method.FullName, out var info) ? info : _methods.GetOrAdd(method.FullName, static (_, s) => new ClientMethodInfo(new Uri(s.Address, s.Method.FullName), new GrpcMethodTags(s.Method)), (Address, Method: method));

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
