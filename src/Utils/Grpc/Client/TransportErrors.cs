using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;

namespace Mmo.Grpc.Client;

/// <summary>Maps transport failures to gRPC statuses (HTTP/2 error codes as in grpc's PROTOCOL-HTTP2.md).</summary>
internal static class TransportErrors
{
    public static Status ToStatus(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpProtocolException protocol)
            {
                return new Status(FromHttp2ErrorCode(protocol.ErrorCode), $"The HTTP/2 stream was reset: {protocol.Message}", ex);
            }
            if (e is SocketException socket)
            {
                // Refused, reset or unreachable, however deeply HttpClient wrapped it: the server is not there now.
                return new Status(StatusCode.Unavailable, $"Error talking to the server: {socket.SocketErrorCode}.", ex);
            }
        }
        return ex switch
        {
            HttpRequestException or IOException => new Status(StatusCode.Unavailable, $"Error talking to the server: {ex.Message}", ex),
            _ => new Status(StatusCode.Internal, $"Error in the gRPC call: {ex.GetType().Name}: {ex.Message}", ex),
        };
    }

    private static StatusCode FromHttp2ErrorCode(long code) => code switch
    {
        // NO_ERROR reaches a call only when the server closed the connection (GOAWAY) or reset the stream
        // without a status, e.g. while shutting down: the call did not complete, so it may be retried elsewhere.
        0x0 => StatusCode.Unavailable,
        0x1 or 0x2 or 0x3 or 0x4 or 0x6 or 0x9 => StatusCode.Internal, // PROTOCOL_ERROR … COMPRESSION_ERROR
        0x7 => StatusCode.Unavailable, // REFUSED_STREAM
        0x8 => StatusCode.Cancelled, // CANCEL
        0xB => StatusCode.ResourceExhausted, // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied, // INADEQUATE_SECURITY
        _ => StatusCode.Internal,
    };
}
