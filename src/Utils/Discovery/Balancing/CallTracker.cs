using Grpc.Core;

namespace Mmo.Discovery.Balancing;

/// <summary>Reports one call's end to its endpoint exactly once: its status, or "abandoned" when it was disposed first.</summary>
internal sealed class CallTracker(BalancingCallInvoker owner, Endpoint endpoint, bool trial)
{
    private int _done;

    public void Complete(Status status)
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            owner.Complete(endpoint, trial, status);
        }
    }

    public void Abandon()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            BalancingCallInvoker.Abandon(endpoint, trial);
        }
    }
}
