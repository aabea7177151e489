namespace Mmo.Discovery.Balancing;

/// <summary>
/// One endpoint's circuit breaker.
/// <list type="bullet">
/// <item>Closed → Open at once on a transport failure (the endpoint could not be reached, or its connection broke),
/// for <see cref="BalancingOptions.FailureBackoffMs"/>; or after <see cref="BalancingOptions.ConsecutiveFailures"/>
/// failed calls in a row, or a <see cref="BalancingOptions.FailureRatio"/> of failed calls among at least
/// <see cref="BalancingOptions.MinimumThroughput"/> in a <see cref="BalancingOptions.SamplingSeconds"/> window,
/// for <see cref="BalancingOptions.BreakMs"/>.</item>
/// <item>Open → HalfOpen when the break is over and a call is to be placed: that call is the trial, and no other
/// call goes to the endpoint meanwhile.</item>
/// <item>HalfOpen → Closed when the trial succeeds; → Open again, for twice as long (up to
/// <see cref="BalancingOptions.MaxBreakMs"/>), when it fails. A cancelled trial frees the place for another.</item>
/// </list>
/// Only the trial's outcome moves a half-open circuit: calls that started earlier and end late do not.
/// </summary>
internal sealed class EndpointHealth(BalancingOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private CircuitState _state = CircuitState.Closed;
    private long _openUntil;
    private int _opens;
    private int _consecutiveFailures;
    private bool _trialInFlight;
    private long _windowStart = time.GetTimestamp();
    private int _windowCalls;
    private int _windowFailures;

    /// <summary>The state and, when open, the time left in the break.</summary>
    public (CircuitState State, TimeSpan Remaining) Snapshot()
    {
        lock (_lock)
        {
            var remaining = _state == CircuitState.Open ? time.GetElapsedTime(time.GetTimestamp(), _openUntil) : TimeSpan.Zero;
            return (_state, remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining);
        }
    }

    /// <summary>Whether a call may go to the endpoint now; <paramref name="trial"/> tells it is the half-open trial.</summary>
    public bool TryAcquire(out bool trial)
    {
        lock (_lock)
        {
            trial = false;
            switch (_state)
            {
                case CircuitState.Closed:
                    return true;
                case CircuitState.Open when time.GetTimestamp() < _openUntil:
                    return false;
                case CircuitState.HalfOpen when _trialInFlight:
                    return false;
                default:
                    _state = CircuitState.HalfOpen;
                    _trialInFlight = true;
                    trial = true;
                    return true;
            }
        }
    }

    /// <summary>The endpoint answered; returns true when this closed the circuit.</summary>
    public bool OnSuccess(bool trial)
    {
        lock (_lock)
        {
            if (trial && _state == CircuitState.HalfOpen)
            {
                _state = CircuitState.Closed;
                _opens = 0;
                _consecutiveFailures = 0;
                _trialInFlight = false;
                ResetWindow(time.GetTimestamp());
                return true;
            }
            if (_state == CircuitState.Closed)
            {
                _consecutiveFailures = 0;
                Count(failed: false);
            }
            return false;
        }
    }

    /// <summary>A call failed; returns the break when this opened the circuit.</summary>
    public TimeSpan? OnFailure(bool trial, bool transport)
    {
        lock (_lock)
        {
            if (trial && _state == CircuitState.HalfOpen)
            {
                _trialInFlight = false;
                return Open(transport);
            }
            if (_state != CircuitState.Closed)
            {
                return null;
            }
            if (transport)
            {
                return Open(transport: true);
            }
            _consecutiveFailures++;
            Count(failed: true);
            var ratioTripped = _windowCalls >= options.MinimumThroughput && _windowFailures >= options.FailureRatio * _windowCalls;
            return _consecutiveFailures >= options.ConsecutiveFailures || ratioTripped ? Open(transport: false) : null;
        }
    }

    /// <summary>A call ended without saying anything of the endpoint (cancelled by the caller).</summary>
    public void OnIgnored(bool trial)
    {
        lock (_lock)
        {
            if (trial && _state == CircuitState.HalfOpen)
            {
                _trialInFlight = false;
            }
        }
    }

    private TimeSpan Open(bool transport)
    {
        var initial = transport ? options.FailureBackoffMs : options.BreakMs;
        var breakMs = Math.Min((double)options.MaxBreakMs, initial * Math.Pow(2, Math.Min(_opens, 30)));
        var duration = TimeSpan.FromMilliseconds(Math.Max(breakMs, 1));
        _state = CircuitState.Open;
        _opens++;
        _consecutiveFailures = 0;
        _openUntil = time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency);
        ResetWindow(time.GetTimestamp());
        return duration;
    }

    private void Count(bool failed)
    {
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(_windowStart, now).TotalSeconds >= options.SamplingSeconds)
        {
            ResetWindow(now);
        }
        _windowCalls++;
        if (failed)
        {
            _windowFailures++;
        }
    }

    private void ResetWindow(long now)
    {
        _windowStart = now;
        _windowCalls = 0;
        _windowFailures = 0;
    }
}
