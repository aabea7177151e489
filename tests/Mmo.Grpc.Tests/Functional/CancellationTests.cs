using Grpc.Core;
using Mmo.Grpc.Server;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>Cancellation from the client side, and what the server's handler sees of it.</summary>
public class CancellationTests
{
    [Fact]
    public async Task UnaryCall_CallerCancels_CancelledOnClientAndServerTokenFires()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        using var cts = new CancellationTokenSource();

        using var call = host.Client.UnaryCallAsync(new SimpleRequest { DelayMs = 20_000 }, cancellationToken: cts.Token);
        await probe.Started.DefaultTimeout();
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();
        await probe.Cancelled.DefaultTimeout();

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        Assert.IsAssignableFrom<OperationCanceledException>(await probe.Completed.DefaultTimeout());
    }

    [Fact]
    public async Task UnaryCall_TokenAlreadyCancelled_CancelledWithoutSending()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));

        using var call = host.Client.UnaryCallAsync(new SimpleRequest(), cancellationToken: new CancellationToken(canceled: true));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();
        var next = await host.Client.UnaryCallAsync(new SimpleRequest { ResponseSize = 2 }).ResponseAsync.DefaultTimeout();

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(2, next.Payload.Length);
        Assert.Equal(DateTime.MaxValue, await probe.Started.DefaultTimeout());
    }

    [Fact]
    public async Task FullDuplexCall_CancelAfterFirstResponse_CancelledAndServerTokenFires()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        using var cts = new CancellationTokenSource();

        using var call = host.Client.FullDuplexCall(cancellationToken: cts.Token);
        await call.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = 1 }).DefaultTimeout();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await probe.Cancelled.DefaultTimeout();
        await probe.Completed.DefaultTimeout();
    }

    [Fact]
    public async Task MoveNext_TokenCancelledDuringRead_CancelledAndServerTokenFires()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        using var cts = new CancellationTokenSource();

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1, 1 }, IntervalMs = 20_000 });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var read = call.ResponseStream.MoveNext(cts.Token);
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => read).DefaultTimeout();

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await probe.Cancelled.DefaultTimeout();
    }

    [Fact]
    public async Task Dispose_ServerStreamingMidStream_ServerTokenFiresAndReadsFailCancelled()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));

        var call = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1, 1, 1 }, IntervalMs = 20_000 });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        call.Dispose();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        await probe.Cancelled.DefaultTimeout();
        Assert.IsAssignableFrom<OperationCanceledException>(await probe.Completed.DefaultTimeout());
    }

    [Fact]
    public async Task Dispose_DuplexMidStream_ServerTokenFiresAndWritesFail()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));

        var call = host.Client.FullDuplexCall();
        await call.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = 1 }).DefaultTimeout();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        call.Dispose();
        await probe.Cancelled.DefaultTimeout();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new SimpleRequest())).DefaultTimeout();

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await probe.Completed.DefaultTimeout();
    }

    [Fact]
    public async Task Dispose_CompletedCall_KeepsOkStatus()
    {
        await using var host = await GrpcTestHost.StartAsync();

        var call = host.Client.UnaryCallAsync(new SimpleRequest());
        await call.ResponseAsync.DefaultTimeout();
        call.Dispose();

        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ChannelDispose_RunningCalls_EndCancelledAndServerTokensFire()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        var channel = Mmo.Grpc.Client.GrpcChannel.ForAddress(host.Address);
        var client = new Interop.InteropClient(channel);

        using var duplex = client.FullDuplexCall();
        await duplex.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = 1 }).DefaultTimeout();
        Assert.True(await duplex.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        using var unary = client.UnaryCallAsync(new SimpleRequest { DelayMs = 20_000 });
        channel.Dispose();
        var duplexError = await Assert.ThrowsAsync<RpcException>(() => duplex.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();
        var unaryError = await Assert.ThrowsAsync<RpcException>(() => unary.ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.Cancelled, duplexError.StatusCode);
        Assert.Equal(StatusCode.Cancelled, unaryError.StatusCode);
        await probe.Cancelled.DefaultTimeout();
    }

    [Fact]
    public async Task ChannelDispose_NewCall_ThrowsObjectDisposed()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var channel = Mmo.Grpc.Client.GrpcChannel.ForAddress(host.Address);
        var client = new Interop.InteropClient(channel);
        channel.Dispose();

        var ex = Record.Exception(() => client.UnaryCallAsync(new SimpleRequest()));

        Assert.IsType<ObjectDisposedException>(ex);
    }

    [Fact]
    public async Task StreamingInputCall_CancelWhileServerReads_ServerHandlerEnds()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        using var cts = new CancellationTokenSource();

        using var call = host.Client.StreamingInputCall(cancellationToken: cts.Token);
        await call.RequestStream.WriteAsync(new SimpleRequest()).DefaultTimeout();
        await probe.Started.DefaultTimeout();
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await probe.Cancelled.DefaultTimeout();
        Assert.NotNull(await probe.Completed.DefaultTimeout());
    }

    [Fact]
    public async Task UnaryCall_ServerStopsDuringCall_HandlerTokenFiresAndCallerSeesUnavailable()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));

        using var call = host.Client.UnaryCallAsync(new SimpleRequest { DelayMs = 20_000 });
        await probe.Started.DefaultTimeout();
        var stopping = host.Server.StopAsync();
        await probe.Cancelled.DefaultTimeout();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();
        await stopping.DefaultTimeout();

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("The server is shutting down.", ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_HandlerFinishesAfterServerStopSignal_CallerGetsResponse()
    {
        // Stopping cancels the token to ask handlers to hurry; an answer that is ready still goes out.
        var script = new ServiceScript
        {
            Unary = async (request, context) =>
            {
                var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using var registration = context.CancellationToken.Register(() => stopping.TrySetResult());
                await stopping.Task.WaitAsync(TaskExtensions.Timeout);
                return new SimpleResponse { ReceivedSize = 11 };
            },
        };
        var probe = new CallProbe();
        await using var host = await ScriptedService.StartHostAsync(script, o => o.Interceptors.Add(probe));

        using var call = host.Client.UnaryCallAsync(new SimpleRequest());
        await probe.Started.DefaultTimeout();
        var stop = host.Server.StopAsync();
        var response = await call.ResponseAsync.DefaultTimeout();
        await stop.DefaultTimeout();

        Assert.Equal(11, response.ReceivedSize);
    }
}
