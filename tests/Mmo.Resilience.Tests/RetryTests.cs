using System.Diagnostics;
using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Resilience.Tests;

/// <summary>Retries of unary calls against a server that fails on command.</summary>
[Collection(TimingCollection.Name)]
public class RetryTests
{
    [Fact]
    public async Task UnaryCall_IdempotentAndUnavailableBurst_RetriesAbsorbItAndCountsRetries()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary)
            .Idempotent().Retries(3, baseDelay: TimeSpan.FromMilliseconds(10)));
        host.Script.Unary = ServerScript.FailFirst(2, StatusCode.Unavailable);

        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal(3, host.Script.AttemptCount);
        var retries = host.Metrics.Of("mmo.resilience.retries");
        Assert.Equal(2, retries.Sum(m => m.Value));
        Assert.All(retries, m =>
        {
            Assert.Equal(ResilienceTestHost.Service, m.Tags["service"]);
            Assert.Equal("UnaryCall", m.Tags["method"]);
            Assert.Equal("UNAVAILABLE", m.Tags["status"]);
        });
    }

    [Fact]
    public async Task UnaryCall_ServerKeepsFailing_AttemptsSpacedByGrowingDelays()
    {
        var baseDelay = TimeSpan.FromMilliseconds(100);
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary)
            .Idempotent().TotalTimeout(TimeSpan.FromSeconds(10)).Retries(3, baseDelay, jitter: false));
        await host.WarmUpAsync();
        host.Script.Unary = ServerScript.Always(StatusCode.Unavailable);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        // Exponential back-off without jitter: 100, 200, 400 ms, and the server saw the attempts at least that far apart
        // (more under load; a timer may fire a hair early).
        var delays = ScheduledDelays(host);
        Assert.Equal([100d, 200d, 400d], delays);
        var gaps = Gaps(host.Script.Attempts);
        Assert.Equal(3, gaps.Count);
        for (var i = 0; i < gaps.Count; i++)
        {
            Assert.True(gaps[i] >= TimeSpan.FromMilliseconds(delays[i] - 15), $"Attempts {i + 1} and {i + 2} were {gaps[i].TotalMilliseconds} ms apart; the back-off was {delays[i]} ms.");
        }
    }

    [Fact]
    public async Task UnaryCall_JitterOn_DelaysRandomisedWithinTheExponentialEnvelope()
    {
        var baseDelay = TimeSpan.FromMilliseconds(40);
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary)
            .Idempotent().TotalTimeout(TimeSpan.FromSeconds(10)).Retries(3, baseDelay, maxDelay: TimeSpan.FromSeconds(1)));
        host.Script.Unary = ServerScript.Always(StatusCode.Unavailable);

        await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(4, host.Script.AttemptCount);
        var delays = ScheduledDelays(host);
        Assert.Equal(3, delays.Count);
        // Polly's decorrelated jitter: retry t waits between 0 and base × 2^(t+1), never exactly base × 2^t.
        for (var i = 0; i < delays.Count; i++)
        {
            Assert.InRange(delays[i], 0, baseDelay.TotalMilliseconds * Math.Pow(2, i + 1));
        }
        Assert.NotEqual([40d, 80d, 160d], delays);
        var gaps = Gaps(host.Script.Attempts);
        Assert.All(gaps.Zip(delays), p => Assert.True(p.First >= TimeSpan.FromMilliseconds(p.Second - 15)));
    }

    /// <summary>The back-off delays the interceptor scheduled, from its Debug log "Retrying ... in {DelayMs} ms".</summary>
    private static List<double> ScheduledDelays(ResilienceTestHost host) =>
        [.. host.ClientLogs.All.Where(l => l.Id.Id == 1).Select(l => Math.Round((double)l.Values["DelayMs"]!, 3))];

    private static List<TimeSpan> Gaps(IReadOnlyList<ServerAttempt> attempts) =>
        [.. attempts.Zip(attempts.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a.Timestamp, b.Timestamp))];

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.DeadlineExceeded)]
    public async Task UnaryCall_NotIdempotent_NeverRetriedWhateverTheStatus(StatusCode status)
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary)
            .Retries(5, TimeSpan.Zero).RetryOn(StatusCode.Unavailable, StatusCode.Internal, StatusCode.DeadlineExceeded));
        host.Script.Unary = ServerScript.Always(status);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(1, host.Script.AttemptCount);
        Assert.Empty(host.Metrics.Of("mmo.resilience.retries"));
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.DeadlineExceeded)]
    public async Task UnaryCall_IdempotentWithDefaultStatuses_OnlyUnavailableRetried(StatusCode status)
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary).Idempotent().Retries(3, TimeSpan.Zero));
        host.Script.Unary = ServerScript.FailFirst(1, status);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(1, host.Script.AttemptCount);
    }

    [Fact]
    public async Task UnaryCall_ResourceExhaustedMadeRetryable_Retried()
    {
        await using var host = await ResilienceTestHost.StartAsync(configuration: new Dictionary<string, string?>
        {
            [$"Resilience:Methods:{ResilienceTestHost.Unary}:Idempotent"] = "true",
            [$"Resilience:Methods:{ResilienceTestHost.Unary}:RetryBaseDelay"] = "00:00:00.010",
            [$"Resilience:Methods:{ResilienceTestHost.Unary}:RetryableStatuses:0"] = "Unavailable",
            [$"Resilience:Methods:{ResilienceTestHost.Unary}:RetryableStatuses:1"] = "ResourceExhausted",
        });
        host.Script.Unary = ServerScript.FailFirst(2, StatusCode.ResourceExhausted);

        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal(3, host.Script.AttemptCount);
        Assert.All(host.Metrics.Of("mmo.resilience.retries"), m => Assert.Equal("RESOURCE_EXHAUSTED", m.Tags["status"]));
    }

    [Fact]
    public async Task UnaryCall_RetriesRunOut_CallerSeesLastAttemptsStatusAndTrailers()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary).Idempotent().Retries(2, TimeSpan.Zero));
        host.Script.Unary = ServerScript.Always(StatusCode.Unavailable);

        using var call = host.Client.UnaryCallAsync(new SimpleRequest());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.DefaultTimeout());

        Assert.Equal(3, host.Script.AttemptCount);
        Assert.Equal("Scripted failure of attempt 3.", error.Status.Detail);
        Assert.Equal(error.Status, call.GetStatus());
        Assert.NotNull(call.GetTrailers());
    }

    [Fact]
    public async Task UnaryCall_Succeeds_HeadersStatusAndTrailersOfTheAttemptThatAnswered()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary).Idempotent().Retries(2, TimeSpan.Zero));
        host.Script.Unary = async (attempt, context) =>
        {
            if (attempt == 1)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "first"));
            }
            await context.WriteResponseHeadersAsync(new Metadata { { "x-attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            context.ResponseTrailers.Add("x-trailer", "yes");
            return new SimpleResponse();
        };

        using var call = host.Client.UnaryCallAsync(new SimpleRequest());
        await call.ResponseAsync.DefaultTimeout();

        var headers = await call.ResponseHeadersAsync.DefaultTimeout();
        Assert.Equal("2", headers.GetValue("x-attempt"));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("yes", call.GetTrailers().GetValue("x-trailer"));
    }

    [Fact]
    public async Task BlockingUnaryCall_UnavailableBurst_RetriedLikeAsyncCalls()
    {
        await using var host = await ResilienceTestHost.StartAsync(p => p.ForMethod(ResilienceTestHost.Unary).Idempotent().Retries(3, TimeSpan.FromMilliseconds(10)));
        host.Script.Unary = ServerScript.FailFirst(2, StatusCode.Unavailable);

        await Task.Run(() => host.Client.UnaryCall(new SimpleRequest())).DefaultTimeout();

        Assert.Equal(3, host.Script.AttemptCount);
    }
}
