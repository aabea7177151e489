using Grpc.Core;

namespace Mmo.Discovery.Balancing;

/// <summary>Call objects for a call that could not start (no endpoint): every part of them reports the same error.</summary>
internal static class FailedCalls
{
    public static AsyncServerStreamingCall<TResponse> ServerStreaming<TResponse>(RpcException error) =>
        new(new FailedReader<TResponse>(error), _ => Task.FromException<Metadata>(error), _ => error.Status, _ => Metadata.Empty, _ => { }, error);

    public static AsyncClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(RpcException error) =>
        new(new FailedWriter<TRequest>(error), Task.FromException<TResponse>(error), _ => Task.FromException<Metadata>(error), _ => error.Status, _ => Metadata.Empty, _ => { }, error);

    public static AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(RpcException error) =>
        new(new FailedWriter<TRequest>(error), new FailedReader<TResponse>(error), _ => Task.FromException<Metadata>(error), _ => error.Status, _ => Metadata.Empty, _ => { }, error);

    private sealed class FailedReader<T>(RpcException error) : IAsyncStreamReader<T>
    {
        public T Current => throw new InvalidOperationException("The call failed before any message was read.");

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromException<bool>(error);
    }

    private sealed class FailedWriter<T>(RpcException error) : IClientStreamWriter<T>
    {
        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(T message) => Task.FromException(error);

        public Task CompleteAsync() => Task.FromException(error);
    }
}
