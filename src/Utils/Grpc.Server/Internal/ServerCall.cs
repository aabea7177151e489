using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using Mmo.Grpc.Diagnostics;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Server.Internal;

/// <summary>
/// One gRPC call on an HTTP/2 stream: the <see cref="ServerCallContext"/> a service sees, and the
/// reading, writing and ending of the call. Requests are read from the request body pipe, responses
/// framed straight into the response body pipe; the status goes in trailers, or alone in the
/// headers (trailers-only) when nothing else was sent.
/// </summary>
internal sealed partial class ServerCall : ServerCallContext, IDisposable
{
    private readonly HttpContext _httpContext;
    private readonly ServerMethodInfo _method;
    private readonly GrpcServiceOptions _options;
    private readonly ILogger _logger;
    private readonly MessageReader _reader;
    private readonly MessageWriter _writer;
    private readonly bool _compressResponses;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private Status _status = Status.DefaultSuccess;
    private bool _responseStarted;
    private bool _writePending;
    private bool _ended;

    private readonly GrpcCallMetrics _metrics;

    public ServerCall(HttpContext httpContext, ServerMethodInfo method, ServerCallDependencies dependencies)
    {
        var options = dependencies.Options;
        _httpContext = httpContext;
        _method = method;
        _options = options;
        _logger = dependencies.Logger;
        _metrics = dependencies.Metrics;
        var encoding = httpContext.Request.Headers[GrpcProtocol.EncodingHeader].ToString();
        _reader = new MessageReader(options.MaxReceiveMessageSize, encoding.Length == 0 ? null : encoding);
        _writer = new MessageWriter(options.MaxSendMessageSize);
        _compressResponses = options.ResponseCompressionAlgorithm is { } algorithm
            && MessageCompression.IsSupported(algorithm)
            && MessageCompression.AcceptsGzip(httpContext.Request.Headers[GrpcProtocol.AcceptEncodingHeader]);
    }

    public HttpContext HttpContext => _httpContext;

    /// <summary>The status code the call ended with (CANCELLED when the caller went away).</summary>
    public StatusCode FinalStatusCode { get; private set; } = StatusCode.Unknown;

    protected override string MethodCore => _method.FullName;

    protected override string HostCore => _httpContext.Request.Host.Value ?? "";

    protected override string PeerCore => FormatPeer(_httpContext.Connection);

    protected override Metadata RequestHeadersCore => _requestHeaders ??= ReadRequestHeaders();

    protected override Metadata ResponseTrailersCore => _responseTrailers ??= [];

    protected override Status StatusCore { get => _status; set => _status = value; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    /// <summary>
    /// Checks the request is a gRPC call this server can take and starts its cancellation (deadline,
    /// caller gone, server stopping). False when it was answered with an error already.
    /// </summary>
    public bool TryStart()
    {
        var request = _httpContext.Request;
        if (!string.Equals(request.Protocol, "HTTP/2", StringComparison.Ordinal))
        {
            RejectHttp(StatusCodes.Status426UpgradeRequired, $"Request protocol '{request.Protocol}' is not supported: gRPC needs HTTP/2.");
            return false;
        }
        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            RejectHttp(StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{request.ContentType}' is not supported: gRPC needs application/grpc.");
            return false;
        }
        var timeoutHeader = request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        TimeSpan? timeout = null;
        if (timeoutHeader.Length > 0)
        {
            if (GrpcTimeout.TryParse(timeoutHeader, out var parsed))
            {
                timeout = parsed;
            }
            else
            {
                ServerLog.InvalidTimeout(_logger, timeoutHeader);
            }
        }
        StartCancellation(timeout);
        // gRPC limits each message (MaxReceiveMessageSize); Kestrel's 30 MB body limit, meant for plain
        // HTTP uploads, would fail a stream or a large unary request that gRPC allows.
        if (_httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = null;
        }
        if (_method.Type is MethodType.ClientStreaming or MethodType.DuplexStreaming)
        {
            // A stream may pause for as long as the caller likes: no minimum data rate.
            if (_httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } rate)
            {
                rate.MinDataRate = null;
            }
        }
        _httpContext.Response.ContentType = GrpcProtocol.ContentType;
        // Tells the caller what it may compress with; required with UNIMPLEMENTED for an unknown grpc-encoding (doc/compression.md).
        _httpContext.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;
        return true;
    }

    public void Dispose() => DisposeCancellation();

    private void RejectHttp(int httpStatus, string message)
    {
        ServerLog.RejectedRequest(_logger, _method.FullName, message);
        var response = _httpContext.Response;
        response.StatusCode = httpStatus;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusTrailer] = ((int)StatusCode.Internal).ToString(CultureInfo.InvariantCulture);
        response.Headers[GrpcProtocol.MessageTrailer] = PercentEncoding.Encode(message);
    }

    private Metadata ReadRequestHeaders()
    {
        var metadata = new Metadata();
        foreach (var header in _httpContext.Request.Headers)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key))
            {
                continue;
            }
            foreach (var value in header.Value)
            {
                if (value is not null)
                {
                    MetadataEncoding.AddDecoded(metadata, header.Key, value);
                }
            }
        }
        return metadata;
    }

    private static string FormatPeer(ConnectionInfo connection) => connection.RemoteIpAddress switch
    {
        null => "unknown",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip => $"ipv6:[{ip}]:{connection.RemotePort}",
        var ip => $"ipv4:{ip}:{connection.RemotePort}",
    };
}
