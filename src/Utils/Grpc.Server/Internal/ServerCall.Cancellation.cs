using Microsoft.AspNetCore.Connections.Features;

namespace Mmo.Grpc.Server.Internal;

/// <summary>
/// The call's cancellation token: one source cancelled by the caller going away (RequestAborted), the
/// server stopping, or the deadline (grpc-timeout). Each trigger records its cause before it cancels, so
/// whoever wakes on the token (the handler, then the end of the call) already knows the cause, which
/// decides the status: nothing (caller gone), UNAVAILABLE or DEADLINE_EXCEEDED. The triggers never
/// touch the HttpContext: they may fire while or after the call ends.
/// </summary>
/// <remarks>
/// "Stopping" is Kestrel asking the connection to close gracefully (ConnectionClosedRequested), which it
/// does when the server itself stops: after every ApplicationStopping callback (health turning
/// NOT_SERVING, a drain delay, during which calls run normally), before it waits for open requests. Long
/// streams such as health watches then end at once with UNAVAILABLE instead of holding the shutdown until
/// the host's timeout aborts them. Not ApplicationStopping itself: that would cut calls at the start of the drain.
/// </remarks>
internal sealed partial class ServerCall
{
    private const int CauseNone = 0, CauseAborted = 1, CauseStopping = 2, CauseDeadline = 3;

    // Timers take at most uint.MaxValue - 1 ms (49.7 days): a longer deadline is reported but never fires.
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private CancellationTokenSource? _callCts;
    private CancellationTokenRegistration _abortedRegistration;
    private CancellationTokenRegistration _stoppingRegistration;
    private ITimer? _deadlineTimer;
    private DateTime _deadline = DateTime.MaxValue;
    private int _cancelCause;

    protected override DateTime DeadlineCore => _deadline;

    protected override CancellationToken CancellationTokenCore => _callCts?.Token ?? _httpContext.RequestAborted;

    /// <summary>True once the deadline has passed and cancelled the call.</summary>
    private bool DeadlineExceeded => Volatile.Read(ref _cancelCause) == CauseDeadline;

    /// <summary>
    /// True when a response would go nowhere (the caller left) or be replaced (the deadline passed). Not
    /// when the server is stopping: a handler that still answers is heard.
    /// </summary>
    public bool ResponseUnwanted => DeadlineExceeded || _httpContext.RequestAborted.IsCancellationRequested;

    /// <summary>True once the server's shutdown has cancelled the call.</summary>
    private bool ServerStopping => Volatile.Read(ref _cancelCause) == CauseStopping;

    private void StartCancellation(TimeSpan? timeout)
    {
        var stopping = _httpContext.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? default;
        var timed = false;
        if (timeout is { } t)
        {
            var now = DateTime.UtcNow;
            _deadline = t < DateTime.MaxValue - now ? now + t : DateTime.MaxValue;
            timed = t < MaxTimerDelay;
        }
        if (!timed && !stopping.CanBeCanceled)
        {
            // Only the caller can cancel: its token serves as is, without a source of our own.
            return;
        }
        _callCts = new CancellationTokenSource();
        _abortedRegistration = _httpContext.RequestAborted.UnsafeRegister(static s => ((ServerCall)s!).Cancel(CauseAborted), this);
        if (stopping.CanBeCanceled)
        {
            _stoppingRegistration = stopping.UnsafeRegister(static s => ((ServerCall)s!).Cancel(CauseStopping), this);
        }
        if (timed)
        {
            _deadlineTimer = TimeProvider.System.CreateTimer(static s => ((ServerCall)s!).Cancel(CauseDeadline), this, timeout!.Value, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Cancels the call for <paramref name="cause"/> unless it was cancelled already; the first cause stays.</summary>
    private void Cancel(int cause)
    {
        if (Interlocked.CompareExchange(ref _cancelCause, cause, CauseNone) != CauseNone)
        {
            return;
        }
        try
        {
            _callCts!.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended while the trigger fired.
        }
    }

    private void DisposeCancellation()
    {
        _deadlineTimer?.Dispose();
        _abortedRegistration.Dispose();
        _stoppingRegistration.Dispose();
        _callCts?.Dispose();
    }
}
