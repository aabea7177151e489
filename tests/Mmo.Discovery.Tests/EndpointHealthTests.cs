using Mmo.Discovery.Balancing;
using Mmo.Discovery.Tests.Infrastructure;

namespace Mmo.Discovery.Tests;

/// <summary>The per-endpoint circuit breaker, on a clock the test moves.</summary>
public sealed class EndpointHealthTests
{
    private readonly ManualTimeProvider _time = new();

    private readonly BalancingOptions _options = new()
    {
        FailureBackoffMs = 1000,
        BreakMs = 5000,
        MaxBreakMs = 8000,
        ConsecutiveFailures = 3,
        FailureRatio = 0.5,
        MinimumThroughput = 10,
        SamplingSeconds = 10,
    };

    [Fact]
    public void OnFailure_Transport_OpensAtOnceForTheBackoff()
    {
        var health = new EndpointHealth(_options, _time);

        Assert.Equal(TimeSpan.FromSeconds(1), health.OnFailure(trial: false, transport: true));

        Assert.False(health.TryAcquire(out _));
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(health.TryAcquire(out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(health.TryAcquire(out var trial));
        Assert.True(trial);
        Assert.Equal(CircuitState.HalfOpen, health.Snapshot().State);
    }

    [Fact]
    public void TryAcquire_HalfOpen_LetsOnlyOneTrialThrough()
    {
        var health = OpenedAndExpired();

        Assert.True(health.TryAcquire(out var first));
        Assert.False(health.TryAcquire(out _));
        Assert.True(first);
    }

    [Fact]
    public void OnSuccess_Trial_ClosesTheCircuit()
    {
        var health = OpenedAndExpired();
        health.TryAcquire(out var trial);

        Assert.True(health.OnSuccess(trial));

        Assert.Equal(CircuitState.Closed, health.Snapshot().State);
        Assert.True(health.TryAcquire(out var next));
        Assert.False(next);
    }

    [Fact]
    public void OnFailure_TrialFailsAgain_ReopensForTwiceAsLongUpToTheMaximum()
    {
        var health = new EndpointHealth(_options, _time);
        health.OnFailure(trial: false, transport: true);
        var breaks = new List<TimeSpan>();
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            health.TryAcquire(out var trial);
            breaks.Add(health.OnFailure(trial, transport: true)!.Value);
        }

        Assert.Equal([2, 4, 8, 8], breaks.Select(b => b.TotalSeconds));
    }

    [Fact]
    public void OnFailure_ConsecutiveCallFailures_OpenForTheBreakTime()
    {
        var health = new EndpointHealth(_options, _time);

        Assert.Null(health.OnFailure(false, false));
        Assert.Null(health.OnFailure(false, false));
        health.OnSuccess(false); // Resets the run.
        Assert.Null(health.OnFailure(false, false));
        Assert.Null(health.OnFailure(false, false));
        var opened = health.OnFailure(false, false);

        Assert.Equal(TimeSpan.FromSeconds(5), opened);
        Assert.Equal(CircuitState.Open, health.Snapshot().State);
    }

    [Fact]
    public void OnFailure_FailureRatioWithinTheWindow_Opens()
    {
        var health = new EndpointHealth(_options, _time);
        TimeSpan? opened = null;

        // Alternating: never 3 failures in a row, but half of the calls fail; the 10th call reaches the minimum.
        for (var i = 0; i < 10 && opened is null; i++)
        {
            if (i % 2 == 0)
            {
                health.OnSuccess(false);
            }
            else
            {
                opened = health.OnFailure(false, false);
            }
        }

        Assert.NotNull(opened);
        Assert.Equal(CircuitState.Open, health.Snapshot().State);
    }

    [Fact]
    public void OnFailure_RatioSpreadOverTwoWindows_StaysClosed()
    {
        var health = new EndpointHealth(_options, _time);
        for (var i = 0; i < 8; i++)
        {
            _ = i % 2 == 0 ? health.OnSuccess(false) : health.OnFailure(false, false) is not null;
        }

        _time.Advance(TimeSpan.FromSeconds(11));
        health.OnSuccess(false);
        health.OnFailure(false, false);

        Assert.Equal(CircuitState.Closed, health.Snapshot().State);
    }

    [Fact]
    public void OnIgnored_TrialCancelled_FreesThePlaceForAnotherTrial()
    {
        var health = OpenedAndExpired();
        health.TryAcquire(out var trial);

        health.OnIgnored(trial);

        Assert.True(health.TryAcquire(out var next));
        Assert.True(next);
    }

    [Fact]
    public void OnSuccess_LateCallThatStartedBeforeTheBreak_DoesNotCloseTheCircuit()
    {
        var health = OpenedAndExpired();
        health.TryAcquire(out _);

        Assert.False(health.OnSuccess(trial: false));

        Assert.Equal(CircuitState.HalfOpen, health.Snapshot().State);
    }

    private EndpointHealth OpenedAndExpired()
    {
        var health = new EndpointHealth(_options, _time);
        health.OnFailure(trial: false, transport: true);
        _time.Advance(TimeSpan.FromSeconds(1));
        return health;
    }
}
