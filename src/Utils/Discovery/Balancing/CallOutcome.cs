using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;

namespace Mmo.Discovery.Balancing;

/// <summary>What a call's final status says about the endpoint it went to.</summary>
internal enum CallOutcome
{
    /// <summary>The endpoint answered (OK, or an error of the call itself such as NOT_FOUND): it is alive.</summary>
    Answered,

    /// <summary>UNAVAILABLE from the server, or DEADLINE_EXCEEDED: counts towards opening the circuit.</summary>
    Failed,

    /// <summary>A failure from the transport (connection reset or closed; any code but CANCELLED and DEADLINE_EXCEEDED): opens the circuit at once.</summary>
    TransportFailed,

    /// <summary>A transport failure before anything was sent (no connection, REFUSED_STREAM): safe to try elsewhere.</summary>
    NotSent,

    /// <summary>Cancelled by the caller: says nothing about the endpoint.</summary>
    Ignored,
}

internal static class CallOutcomes
{
    private const long Http2RefusedStream = 0x7;

    public static CallOutcome Classify(Status status) => status.StatusCode switch
    {
        StatusCode.OK => CallOutcome.Answered,
        StatusCode.Cancelled => CallOutcome.Ignored,
        StatusCode.DeadlineExceeded => CallOutcome.Failed,
        StatusCode.Unavailable when NotSent(status.DebugException) => CallOutcome.NotSent,
        // Whatever code the runtime gave it: a connection closed under the call (e.g. GOAWAY while the server shuts
        // down arrives as INTERNAL "The HTTP/2 server closed the connection") says the endpoint is going away.
        _ when Transport(status.DebugException) => CallOutcome.TransportFailed,
        StatusCode.Unavailable => CallOutcome.Failed,
        _ => CallOutcome.Answered,
    };

    /// <summary>
    /// The runtime puts the transport's exception in <see cref="Status.DebugException"/>; a status the server sent
    /// has none. No connection (refused, unreachable, name or TLS failure) and a refused stream mean the request
    /// never reached the service.
    /// </summary>
    private static bool NotSent(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpProtocolException { ErrorCode: Http2RefusedStream })
            {
                return true;
            }
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError })
            {
                return true;
            }
        }
        return false;
    }

    private static bool Transport(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or IOException or SocketException)
            {
                return true;
            }
        }
        return false;
    }
}
