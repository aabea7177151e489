using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Mmo.Grpc.Server.Internal;

/// <summary>Log messages of the gRPC server.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Debug, "Rejected request to {Method}: {Reason}")]
    public static partial void RejectedRequest(ILogger logger, string method, string reason);

    [LoggerMessage(2, LogLevel.Debug, "Ignored invalid grpc-timeout header '{Value}'.")]
    public static partial void InvalidTimeout(ILogger logger, string value);

    [LoggerMessage(3, LogLevel.Debug, "Call to {Method} was aborted by the caller.")]
    public static partial void CallAborted(ILogger logger, string method);

    [LoggerMessage(4, LogLevel.Debug, "Call to {Method} exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(5, LogLevel.Debug, "Call to {Method} ended with {StatusCode}: {Detail}")]
    public static partial void RpcError(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(6, LogLevel.Error, "Error in the handler of {Method}.")]
    public static partial void HandlerError(ILogger logger, string method, Exception exception);

    [LoggerMessage(7, LogLevel.Debug, "Unimplemented method {Path}.")]
    public static partial void Unimplemented(ILogger logger, string path);

    [LoggerMessage(8, LogLevel.Debug, "Call to {Method} was cancelled because the server is stopping.")]
    public static partial void ServerStopping(ILogger logger, string method);
}
