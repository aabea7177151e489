using Grpc.Core;

namespace Mmo.Grpc.Client;

internal sealed partial class ClientCall<TRequest, TResponse>
{
    /// <summary>A unary call from start to status.</summary>
    public async Task<TResponse> RunUnaryAsync(TRequest request)
    {
        HttpRequestMessage? httpRequest = null;
        try
        {
            Token.ThrowIfCancellationRequested();
            httpRequest = CreateRequest(CreateSingleMessageContent(request));
            if (await SendAsync(httpRequest).ConfigureAwait(false) is { } headerStatus)
            {
                throw FailWithHeaderStatus(headerStatus);
            }
            return await ReadSingleResponseAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (_status is null || ex is not RpcException)
        {
            throw Fail(ex);
        }
        finally
        {
            httpRequest?.Dispose();
        }
    }

    /// <summary>A client-streaming call: requests come from <see cref="RequestStream"/>, one response at the end.</summary>
    public Task<TResponse> RunClientStreamingAsync()
    {
        var content = new StreamingRequestContent();
        RequestStream = new RequestStreamWriter(this, content);
        return RunAsync(content);

        async Task<TResponse> RunAsync(StreamingRequestContent body)
        {
            using var httpRequest = CreateRequest(body);
            try
            {
                if (await SendAsync(httpRequest).ConfigureAwait(false) is { } headerStatus)
                {
                    throw FailWithHeaderStatus(headerStatus);
                }
                return await ReadSingleResponseAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (_status is null || ex is not RpcException)
            {
                throw Fail(ex);
            }
            finally
            {
                body.Abort();
            }
        }
    }

    private async Task<TResponse> ReadSingleResponseAsync()
    {
        var response = await ReadMessageAsync().ConfigureAwait(false);
        if (response is not null && await ReadMessageAsync().ConfigureAwait(false) is not null)
        {
            throw new RpcException(new Status(StatusCode.Internal, "The response held more than one message for a single-response method."));
        }
        var status = ReadTrailingStatus(out var trailers);
        if (status.StatusCode != StatusCode.OK)
        {
            Finish(status, trailers);
            throw StatusException();
        }
        if (response is null)
        {
            throw new RpcException(new Status(StatusCode.Internal, "The response ended without a message."));
        }
        if (!Finish(status, trailers) && _status!.Value.StatusCode != StatusCode.OK)
        {
            // A cancellation or the deadline ended the call before its status arrived.
            throw StatusException();
        }
        return response;
    }

    /// <summary>Ends the call with the status of a trailers-only (or non-gRPC) response.</summary>
    private RpcException FailWithHeaderStatus(Status status)
    {
        var trailers = ResponseMetadata.FromHeaders(_response!);
        if (status.StatusCode == StatusCode.OK)
        {
            // Trailers-only OK where a message was due: the server sent nothing.
            status = new Status(StatusCode.Internal, "The response ended without a message.");
        }
        Finish(status, trailers);
        return StatusException();
    }
}
