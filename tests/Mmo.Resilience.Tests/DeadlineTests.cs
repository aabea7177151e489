using System.Diagnostics;
using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Resilience.Tests;

/// <summary>Deadlines: set by the policy when the caller gives none, sent to the server, and bounding retries.</summary>
[Collection(TimingCollection.Name)]
public class DeadlineTests
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task UnaryCall_CallerSetNoDeadline_PolicyTimeoutTravelsToServer()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary).Timeout(TimeSpan.FromSeconds(3)));
        await host.WarmUpAsync();

        var before = DateTime.UtcNow;
        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        var after = DateTime.UtcNow;

        var deadline = Assert.Single(host.Script.Attempts).Deadline;
        Assert.InRange(deadline, before + TimeSpan.FromSeconds(3) - Slack, after + TimeSpan.FromSeconds(3) + Slack);
    }

    [Fact]
    public async Task UnaryCall_CallerDeadlineEarlierThanPolicy_CallersDeadlineSent()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary).Timeout(TimeSpan.FromSeconds(20)));
        await host.WarmUpAsync();

        var callerDeadline = DateTime.UtcNow.AddSeconds(2);
        await host.Client.UnaryCallAsync(new SimpleRequest(), deadline: callerDeadline).ResponseAsync.DefaultTimeout();

        Assert.InRange(Assert.Single(host.Script.Attempts).Deadline, callerDeadline - Slack, callerDeadline + Slack);
    }

    [Fact]
    public async Task UnaryCall_CallerDeadlineLaterThanPolicyTimeout_AttemptStillBoundedByTimeout()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary).Timeout(TimeSpan.FromSeconds(2)));
        await host.WarmUpAsync();

        await host.Client.UnaryCallAsync(new SimpleRequest(), deadline: DateTime.UtcNow.AddMinutes(1)).ResponseAsync.DefaultTimeout();
        var after = DateTime.UtcNow;

        Assert.True(Assert.Single(host.Script.Attempts).Deadline <= after + TimeSpan.FromSeconds(2) + Slack);
    }

    [Fact]
    public async Task UnaryCall_ServerTooSlow_DeadlineExceededAtPolicyTimeoutAndNotRetried()
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary)
            .Idempotent().Timeout(timeout).Retries(3, TimeSpan.Zero));
        await host.WarmUpAsync();
        host.Script.Unary = ServerScript.Hang;

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(watch.Elapsed, timeout - TimeSpan.FromMilliseconds(20), timeout + TimeSpan.FromSeconds(1));
        Assert.Equal(1, host.Script.AttemptCount);
    }

    [Fact]
    public async Task UnaryCall_TimedOutAttemptsMadeRetryable_NoAttemptGoesPastTheOverallDeadline()
    {
        var total = TimeSpan.FromSeconds(2);
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary)
            .Idempotent()
            .Timeout(TimeSpan.FromMilliseconds(300))
            .TotalTimeout(total)
            .Retries(10, TimeSpan.FromMilliseconds(20), jitter: false)
            .RetryOn(StatusCode.Unavailable, StatusCode.DeadlineExceeded));
        await host.WarmUpAsync();
        host.Script.Unary = ServerScript.Hang;

        var start = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        var elapsed = watch.Elapsed;
        var attempts = host.Script.Attempts;
        var timeline = string.Join(", ", attempts.Select(a => $"{(a.ReceivedUtc - start).TotalMilliseconds:F0} ms (deadline +{(a.Deadline - start).TotalMilliseconds:F0})"));
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        // Attempts of 300 ms fit at most seven times in 2 s: a timed-out attempt was retried, but not past the deadline.
        Assert.InRange(host.Metrics.Sum("mmo.resilience.retries"), 1, 6);
        Assert.InRange(attempts.Count, 1, 7);
        Assert.All(attempts, a =>
        {
            Assert.True(a.ReceivedUtc < start + total, $"Attempt {a.Number} arrived after the deadline: {timeline}.");
        });
        // The deadline each attempt carried, before the network: 300 ms after its start, or the call's deadline if earlier.
        var overall = host.ClientAttempts.Attempts[0].StartedUtc + total;
        Assert.All(host.ClientAttempts.Attempts, a =>
        {
            Assert.NotNull(a.Deadline);
            Assert.True(a.Deadline <= overall + TimeSpan.FromMilliseconds(5), $"An attempt started at +{(a.StartedUtc - start).TotalMilliseconds:F0} ms carried a deadline past the call's.");
            Assert.True(a.Deadline <= a.StartedUtc + TimeSpan.FromMilliseconds(305));
        });
        // Loose: this machine's scheduler can be late by hundreds of ms under load; without the bound it goes on for seconds.
        Assert.True(elapsed < total + TimeSpan.FromSeconds(1.5), $"The call took {elapsed.TotalMilliseconds} ms; attempts at {timeline}.");
    }

    [Fact]
    public async Task UnaryCall_BackoffWouldEndPastTheDeadline_FailsAtOnceWithTheLastStatus()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary)
            .Idempotent().Timeout(TimeSpan.FromSeconds(3)).Retries(3, TimeSpan.FromSeconds(5), maxDelay: TimeSpan.FromSeconds(10), jitter: false));
        await host.WarmUpAsync();
        host.Script.Unary = ServerScript.Always(StatusCode.Unavailable);

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(1500), $"The call took {watch.Elapsed.TotalMilliseconds} ms: it waited for a retry that could not happen.");
        Assert.Equal(1, host.Script.AttemptCount);
        Assert.Empty(host.Metrics.Of("mmo.resilience.retries"));
        Assert.Contains(host.ClientLogs.All, l => l.Id.Id == 2 && l.Message.Contains("past the call's deadline", StringComparison.Ordinal));
    }
}
