using Grpc.Core;

namespace Mmo.Discovery.Balancing;

/// <summary>
/// The state behind a balanced streaming call: the call on the chosen endpoint, whose headers, status and
/// trailers it passes through, and the tracker that reports its end.
/// </summary>
internal sealed class TrackedCall(CallTracker tracker, object call, Func<Status> getStatus, Func<Metadata> getTrailers, Func<Task<Metadata>> getHeaders, Action dispose)
{
    public static readonly Func<object, Task<Metadata>> Headers = state => ((TrackedCall)state)._getHeaders();
    public static readonly Func<object, Status> Status = state => ((TrackedCall)state)._getStatus();
    public static readonly Func<object, Metadata> Trailers = state => ((TrackedCall)state)._getTrailers();
    public static readonly Action<object> DisposeCall = state => ((TrackedCall)state).Dispose();

    private readonly Func<Status> _getStatus = getStatus;
    private readonly Func<Metadata> _getTrailers = getTrailers;
    private readonly Func<Task<Metadata>> _getHeaders = getHeaders;

    /// <summary>The call on the endpoint (for debugging).</summary>
    public object Call { get; } = call;

    /// <summary>The response stream ended: the call is over with the status in its trailers.</summary>
    public void OnEnded() => tracker.Complete(_getStatus());

    /// <summary>The call failed with <paramref name="status"/>.</summary>
    public void OnFailed(Status status) => tracker.Complete(status);

    /// <summary>The client-streaming response task completed.</summary>
    public void OnResponse(Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            OnEnded();
        }
        else if (task.Exception?.InnerException is RpcException rpc)
        {
            OnFailed(rpc.Status);
        }
        else
        {
            tracker.Abandon();
        }
    }

    public void Dispose()
    {
        dispose();
        tracker.Abandon(); // No-op when the call has ended already.
    }
}
