namespace Grpc.Core;

/// <summary>What a service method knows of its call, and how it shapes the answer.</summary>
public abstract class ServerCallContext
{
    private Dictionary<object, object>? _userState;

    /// <summary>The method path, <c>/package.Service/Method</c>.</summary>
    public string Method => MethodCore;

    /// <summary>The :authority of the request.</summary>
    public string Host => HostCore;

    /// <summary>The caller's address, e.g. <c>ipv4:127.0.0.1:50312</c>.</summary>
    public string Peer => PeerCore;

    /// <summary>When the caller gives up (UTC); <see cref="DateTime.MaxValue"/> without a deadline.</summary>
    public DateTime Deadline => DeadlineCore;

    /// <summary>The caller's metadata (protocol headers removed).</summary>
    public Metadata RequestHeaders => RequestHeadersCore;

    /// <summary>Cancelled when the caller goes away, the deadline passes or the server shuts down.</summary>
    public CancellationToken CancellationToken => CancellationTokenCore;

    /// <summary>Metadata sent with the final status.</summary>
    public Metadata ResponseTrailers => ResponseTrailersCore;

    /// <summary>The status the call ends with when the method returns normally.</summary>
    public Status Status
    {
        get => StatusCore;
        set => StatusCore = value;
    }

    /// <summary>Options of response writes.</summary>
    public WriteOptions? WriteOptions
    {
        get => WriteOptionsCore;
        set => WriteOptionsCore = value;
    }

    /// <summary>State shared by interceptors and the method for this call.</summary>
    public IDictionary<object, object> UserState => _userState ??= [];

    /// <summary>Sends the response headers now; at most once, before the first message.</summary>
    public Task WriteResponseHeadersAsync(Metadata responseHeaders) => WriteResponseHeadersAsyncCore(responseHeaders);

    protected abstract string MethodCore { get; }

    protected abstract string HostCore { get; }

    protected abstract string PeerCore { get; }

    protected abstract DateTime DeadlineCore { get; }

    protected abstract Metadata RequestHeadersCore { get; }

    protected abstract CancellationToken CancellationTokenCore { get; }

    protected abstract Metadata ResponseTrailersCore { get; }

    protected abstract Status StatusCore { get; set; }

    protected abstract WriteOptions? WriteOptionsCore { get; set; }

    protected abstract Task WriteResponseHeadersAsyncCore(Metadata responseHeaders);
}
