using Grpc.Core;

namespace Mmo.Resilience.Internal;

/// <summary>
/// Call objects for streaming calls that were rejected before they started (the bulkhead was full): every read, write,
/// header or response fails with the rejection's status, as it would for a call the server refused.
/// </summary>
internal static class FailedCalls
{
    public static AsyncServerStreamingCall<TResponse> ServerStreaming<TResponse>(Status status) =>
        new(new FailedStream<object, TResponse>(status), Headers(status), () => status, () => Metadata.Empty, static () => { });

    public static AsyncClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(Status status) =>
        new(new FailedStream<TRequest, object>(status), Observed(Task.FromException<TResponse>(new RpcException(status))), Headers(status), () => status, () => Metadata.Empty, static () => { });

    public static AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(Status status)
    {
        var stream = new FailedStream<TRequest, TResponse>(status);
        return new(stream, stream, Headers(status), () => status, () => Metadata.Empty, static () => { });
    }

    private static Task<Metadata> Headers(Status status) => Observed(Task.FromException<Metadata>(new RpcException(status)));

    /// <summary>Nobody may look at a rejected call's headers or response; that must not raise UnobservedTaskException.</summary>
    private static Task<T> Observed<T>(Task<T> failed)
    {
        _ = failed.Exception;
        return failed;
    }

    private sealed class FailedStream<TRequest, TResponse>(Status status) : IClientStreamWriter<TRequest>, IAsyncStreamReader<TResponse>
    {
        public TResponse Current => throw new InvalidOperationException("The call was rejected: there is no message.");

        public WriteOptions? WriteOptions { get; set; }

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromException<bool>(new RpcException(status));

        public Task WriteAsync(TRequest message) => Task.FromException(new RpcException(status));

        public Task CompleteAsync() => Task.FromException(new RpcException(status));
    }
}
