using Grpc.Core;
using Mmo.Grpc.Client;

namespace Mmo.Discovery.Balancing;

/// <summary>
/// One resolved endpoint of a balanced service: its channel, breaker and calls in flight. When it leaves the
/// resolved set it is retired: no new calls, and its channel is disposed once the calls in flight have ended or
/// the drain time is over, whichever comes first.
/// </summary>
internal sealed class Endpoint(ServiceEndpoint address, GrpcChannel channel, EndpointHealth health)
{
    private int _inFlight;
    private int _retired;
    private int _closed;
    private ITimer? _drainTimer;

    public ServiceEndpoint Address { get; } = address;

    public CallInvoker Invoker { get; } = channel.CreateCallInvoker();

    public EndpointHealth Health { get; } = health;

    public int InFlight => Volatile.Read(ref _inFlight);

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>Counts a new call; false once the endpoint is retired.</summary>
    public bool TryAddCall()
    {
        Interlocked.Increment(ref _inFlight);
        if (Volatile.Read(ref _retired) == 1)
        {
            ReleaseCall();
            return false;
        }
        return true;
    }

    public void ReleaseCall()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _retired) == 1)
        {
            Close();
        }
    }

    /// <summary>Takes no more calls; closes the channel after the calls in flight, at the latest after <paramref name="drain"/>.</summary>
    public void Retire(TimeSpan drain, TimeProvider time)
    {
        Volatile.Write(ref _retired, 1);
        if (InFlight == 0 || drain <= TimeSpan.Zero)
        {
            Close();
            return;
        }
        _drainTimer = time.CreateTimer(static state => ((Endpoint)state!).Close(), this, drain, Timeout.InfiniteTimeSpan);
        if (IsClosed)
        {
            _drainTimer.Dispose(); // The last call ended while the timer was being made.
        }
    }

    /// <summary>Disposes the channel; calls still running end with CANCELLED.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _drainTimer?.Dispose();
            channel.Dispose();
        }
    }
}
