using Grpc.Core;

namespace Mmo.Resilience.Internal;

// What the caller's AsyncUnaryCall reads: headers, status, trailers, and Dispose.
internal sealed partial class ResilientUnaryCall<TRequest, TResponse>
{
    /// <summary>Headers of the attempt that decided the outcome; unary headers come with the response, so waiting costs little.</summary>
    private async Task<Metadata> ResponseHeadersAsync()
    {
        try
        {
            await _response!.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            // The outcome is reported below, from the attempt or from the status.
        }
        if (_finalFromAttempt && Volatile.Read(ref _attempt) is { } attempt)
        {
            return await attempt.ResponseHeadersAsync.ConfigureAwait(false);
        }
        throw new RpcException(_status ?? Status.DefaultCancelled, _trailers ?? Metadata.Empty);
    }

    private void Dispose()
    {
        if (_status is null)
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The call ended meanwhile.
            }
        }
        Volatile.Read(ref _attempt)?.Dispose();
    }

    /// <summary>Static callbacks of the call object: no closure per call.</summary>
    private static class Callbacks
    {
        public static readonly Func<object, Task<Metadata>> Headers = s =>
        {
            var call = (ResilientUnaryCall<TRequest, TResponse>)s;
            return LazyInitializer.EnsureInitialized(ref call._headers, call.ResponseHeadersAsync);
        };

        public static readonly Func<object, Status> GetStatus = s =>
            ((ResilientUnaryCall<TRequest, TResponse>)s)._status ?? throw new InvalidOperationException("The call has not ended yet: its status is not known.");

        public static readonly Func<object, Metadata> GetTrailers = s =>
            ((ResilientUnaryCall<TRequest, TResponse>)s)._trailers ?? throw new InvalidOperationException("The call has not ended yet: its trailers are not known.");

        public static readonly Action<object> Dispose = s => ((ResilientUnaryCall<TRequest, TResponse>)s).Dispose();
    }
}
