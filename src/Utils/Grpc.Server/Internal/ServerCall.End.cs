using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Server.Internal;

internal sealed partial class ServerCall
{
    /// <summary>Ends a call whose method returned: its status (or DEADLINE_EXCEEDED) and trailers.</summary>
    public Task EndAsync()
    {
        if (DeadlineExceeded)
        {
            return EndWithStatusAsync(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), trailers: null);
        }
        return EndWithStatusAsync(_status, _responseTrailers);
    }

    /// <summary>Ends a call whose method threw, with the status the exception stands for.</summary>
    public Task EndWithErrorAsync(Exception ex)
    {
        if (_httpContext.RequestAborted.IsCancellationRequested)
        {
            // The caller is gone (RST_STREAM or a closed connection): nobody to tell.
            ServerLog.CallAborted(_logger, _method.FullName);
            _ended = true;
            FinalStatusCode = StatusCode.Cancelled;
            return Task.CompletedTask;
        }
        if (DeadlineExceeded && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            ServerLog.DeadlineExceeded(_logger, _method.FullName);
            return EndWithStatusAsync(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), trailers: null);
        }
        if (ServerStopping && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // The host is stopping and cancelled the handler: the caller may retry elsewhere.
            ServerLog.ServerStopping(_logger, _method.FullName);
            return EndWithStatusAsync(new Status(StatusCode.Unavailable, "The server is shutting down."), trailers: null);
        }
        if (ex is RpcException rpc)
        {
            ServerLog.RpcError(_logger, _method.FullName, rpc.StatusCode, rpc.Status.Detail);
            var trailers = _responseTrailers;
            if (rpc.Trailers.Count > 0)
            {
                trailers ??= [];
                foreach (var entry in rpc.Trailers)
                {
                    trailers.Add(entry);
                }
            }
            return EndWithStatusAsync(rpc.Status, trailers);
        }
        ServerLog.HandlerError(_logger, _method.FullName, ex);
        var detail = _options.EnableDetailedErrors
            ? $"Exception was thrown by handler. {ex.GetType().Name}: {ex.Message}"
            : "Exception was thrown by handler.";
        return EndWithStatusAsync(new Status(StatusCode.Unknown, detail), _responseTrailers);
    }

    private Task EndWithStatusAsync(Status status, Metadata? trailers)
    {
        if (_ended)
        {
            return Task.CompletedTask;
        }
        _ended = true;
        FinalStatusCode = status.StatusCode;
        var response = _httpContext.Response;
        var code = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (!_responseStarted && !response.HasStarted)
        {
            // Trailers-only: nothing was sent, so the status travels in the one HEADERS frame.
            var headers = response.Headers;
            headers[GrpcProtocol.StatusTrailer] = code;
            if (status.Detail.Length > 0)
            {
                headers[GrpcProtocol.MessageTrailer] = PercentEncoding.Encode(status.Detail);
            }
            AppendMetadata(headers, trailers);
            return Task.CompletedTask;
        }
        response.AppendTrailer(GrpcProtocol.StatusTrailer, code);
        if (status.Detail.Length > 0)
        {
            response.AppendTrailer(GrpcProtocol.MessageTrailer, PercentEncoding.Encode(status.Detail));
        }
        if (trailers is not null)
        {
            foreach (var entry in trailers)
            {
                if (!GrpcProtocol.IsReservedHeader(entry.Key))
                {
                    response.AppendTrailer(entry.Key, MetadataEncoding.EncodeValue(entry));
                }
            }
        }
        return Task.CompletedTask;
    }

    private static void AppendMetadata(IHeaderDictionary headers, Metadata? metadata)
    {
        if (metadata is null)
        {
            return;
        }
        foreach (var entry in metadata)
        {
            if (!GrpcProtocol.IsReservedHeader(entry.Key))
            {
                headers.Append(entry.Key, MetadataEncoding.EncodeValue(entry));
            }
        }
    }
}
