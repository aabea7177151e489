using System.Net;
using Grpc.Core;
using Mmo.Grpc.Server;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>Deadlines: sent as grpc-timeout, enforced by the client, seen and honoured by the server.</summary>
public class DeadlineTests
{
    [Fact]
    public async Task UnaryCall_ServerSlowerThanDeadline_DeadlineExceeded()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.UnaryCallAsync(new SimpleRequest { DelayMs = 20_000 }, deadline: DateTime.UtcNow.AddMilliseconds(300));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(StatusCode.DeadlineExceeded, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task UnaryCall_WithDeadline_ServerSeesDeadlineAndItsTokenFires()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        await host.WarmUpAsync();
        var deadline = DateTime.UtcNow.AddSeconds(1);

        using var call = host.Client.UnaryCallAsync(new SimpleRequest { DelayMs = 20_000 }, deadline: deadline);
        var seen = await probe.Started.DefaultTimeout();
        await probe.Cancelled.DefaultTimeout();
        var ended = await probe.Completed.DefaultTimeout();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(DateTimeKind.Utc, seen.Kind);
        // The server's deadline is its receive time plus grpc-timeout: never later than the client's.
        Assert.InRange(seen, deadline.AddSeconds(-2), deadline.AddMilliseconds(50));
        Assert.IsAssignableFrom<OperationCanceledException>(ended);
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_NoDeadline_ServerSeesMaxValue()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));

        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal(DateTime.MaxValue, await probe.Started.DefaultTimeout());
        Assert.Null(await probe.Completed.DefaultTimeout());
        Assert.False(probe.Cancelled.IsCompleted);
    }

    [Fact]
    public async Task UnaryCall_DeadlineAlreadyPast_DeadlineExceededWithoutHanging()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.UnaryCallAsync(new SimpleRequest(), deadline: DateTime.UtcNow.AddSeconds(-1));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task StreamingCalls_DeadlineAlreadyPast_DeadlineExceededWithoutHanging()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var past = DateTime.UtcNow.AddSeconds(-1);

        using var serverStreaming = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1 } }, deadline: past);
        using var clientStreaming = host.Client.StreamingInputCall(deadline: past);
        using var duplex = host.Client.FullDuplexCall(deadline: past);

        var a = await Assert.ThrowsAsync<RpcException>(() => serverStreaming.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();
        var b = await Assert.ThrowsAsync<RpcException>(() => clientStreaming.ResponseAsync).DefaultTimeout();
        var c = await Assert.ThrowsAsync<RpcException>(() => duplex.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();
        var d = await Assert.ThrowsAsync<RpcException>(() => duplex.RequestStream.WriteAsync(new SimpleRequest())).DefaultTimeout();

        Assert.All([a, b, c, d], ex => Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode));
    }

    [Fact]
    public async Task UnaryCall_LocalKindDeadline_TreatedAsUtcInstant()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.UnaryCallAsync(new SimpleRequest { DelayMs = 20_000 }, deadline: DateTime.Now.AddMilliseconds(300));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task FullDuplexCall_DeadlineWhileWaitingForResponse_ReadFailsWithDeadlineExceeded()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        await host.WarmUpAsync();

        using var call = host.Client.FullDuplexCall(deadline: DateTime.UtcNow.AddSeconds(1));
        await call.RequestStream.WriteAsync(new SimpleRequest { DelayMs = 20_000 }).DefaultTimeout();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        await probe.Cancelled.DefaultTimeout();
        Assert.NotNull(await probe.Completed.DefaultTimeout());
    }

    [Fact]
    public async Task UnaryCall_ServerIgnoresTokenPastDeadline_ServerAnswersDeadlineExceeded()
    {
        // A raw client with grpc-timeout and no deadline of its own: what the server sends is what it sees.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = new ServiceScript
        {
            Unary = async (request, context) =>
            {
                await release.Task;
                return new SimpleResponse();
            },
        };
        var probe = new CallProbe();
        await using var host = await ScriptedService.StartHostAsync(script, o => o.Interceptors.Add(probe));
        using var raw = new RawGrpcClient(host.Address);

        var response = raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest()), "application/grpc", ("grpc-timeout", "200m"));
        await probe.Cancelled.DefaultTimeout();
        release.SetResult();
        var result = await response.DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, result.HttpStatus);
        Assert.Equal((int)StatusCode.DeadlineExceeded, result.GrpcStatus);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("123456789S")]
    [InlineData("10x")]
    public async Task UnaryCall_InvalidGrpcTimeoutHeader_IgnoredAndCallSucceeds(string timeout)
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest { ResponseSize = 1 }), "application/grpc", ("grpc-timeout", timeout)).DefaultTimeout();

        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal(DateTime.MaxValue, await probe.Started.DefaultTimeout());
    }

    [Fact]
    public async Task UnaryCall_HugeGrpcTimeout_NoDeadlineAndCallSucceeds()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest()), "application/grpc", ("grpc-timeout", "99999999H")).DefaultTimeout();

        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal(DateTime.MaxValue, await probe.Started.DefaultTimeout());
    }

    [Fact]
    public async Task UnaryCall_DeadlineFarInFuture_Succeeds()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));

        var response = await host.Client.UnaryCallAsync(new SimpleRequest { ResponseSize = 1 }, deadline: DateTime.UtcNow.AddDays(400)).ResponseAsync.DefaultTimeout();

        // Too long for a timer, yet still the deadline the service is told.
        Assert.Equal(1, response.Payload.Length);
        Assert.InRange(await probe.Started.DefaultTimeout(), DateTime.UtcNow.AddDays(400).AddMinutes(-1), DateTime.UtcNow.AddDays(400).AddMinutes(1));
    }

    [Theory]
    [InlineData("0m")]
    [InlineData("1n")]
    public async Task UnaryCall_ZeroOrTinyGrpcTimeout_DeadlineExceededFromServer(string timeout)
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest { DelayMs = 20_000 }), "application/grpc", ("grpc-timeout", timeout)).DefaultTimeout();

        Assert.Equal((int)StatusCode.DeadlineExceeded, response.GrpcStatus);
    }

    [Fact]
    public async Task StreamingOutputCall_DeadlineBetweenMessages_MessagesThenDeadlineExceeded()
    {
        await using var host = await GrpcTestHost.StartAsync();
        await host.WarmUpAsync();

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1, 1 }, IntervalMs = 20_000 }, deadline: DateTime.UtcNow.AddSeconds(1));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_HandlerEndsInsideDeadlineCallback_DeadlineExceededEveryTime()
    {
        // The handler wakes synchronously inside the deadline's cancellation and ends the call at once:
        // the cause must be known by then, and nothing may touch the finished request afterwards.
        var never = new TaskCompletionSource<SimpleResponse>();
        var script = new ServiceScript { Unary = (request, context) => never.Task.WaitAsync(context.CancellationToken) };
        await using var host = await ScriptedService.StartHostAsync(script);
        using var raw = new RawGrpcClient(host.Address);

        var calls = Enumerable.Range(0, 50).Select(_ => raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest()), "application/grpc", ("grpc-timeout", "50m")));
        var responses = await Task.WhenAll(calls).DefaultTimeout();

        Assert.All(responses, r => Assert.Equal((int)StatusCode.DeadlineExceeded, r.GrpcStatus));
    }
}
