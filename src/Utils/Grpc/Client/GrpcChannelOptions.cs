using Grpc.Core.Interceptors;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Client;

/// <summary>Options of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted, in bytes (after decompression). Default 4 MiB; larger → RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>Largest request message sent, in bytes. Default 4 MiB; larger → RESOURCE_EXHAUSTED before anything is sent.</summary>
    public int MaxSendMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>Compress request messages with this encoding ("gzip"). Default null: no compression.</summary>
    public string? RequestCompression { get; set; }

    /// <summary>
    /// Handler to send requests through, e.g. a TestServer's. Default null: the channel builds a
    /// <see cref="System.Net.Http.SocketsHttpHandler"/> (HTTP/2, several connections when one is full, keepalive pings).
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Dispose <see cref="HttpHandler"/> with the channel. Default false for a given handler.</summary>
    public bool DisposeHttpHandler { get; set; }

    /// <summary>Idle time after which an HTTP/2 PING checks the connection. Default 60 s; <see cref="Timeout.InfiniteTimeSpan"/> turns pings off.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time to wait for a PING's answer before the connection is closed. Default 30 s.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time to wait for a TCP (and TLS) connection. Default 10 s; calls fail with UNAVAILABLE after it.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Interceptors every call of the channel goes through, first listed runs first.</summary>
    public IList<Interceptor> Interceptors { get; } = [];
}
