using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Mmo.Grpc.Server.Health;
using Mmo.Grpc.Tests.Infrastructure;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>grpc.health.v1.Health served from the <see cref="HealthStatusRegistry"/>.</summary>
public class HealthTests
{
    [Fact]
    public async Task Check_Server_Serving()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var client = new Health.HealthClient(host.Channel);

        var response = await client.CheckAsync(new HealthCheckRequest { Service = "" }).ResponseAsync.DefaultTimeout();

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_NotFound()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var client = new Health.HealthClient(host.Channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task Check_AfterSetStatus_ReportsNewStatus()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var registry = host.GetRequiredService<HealthStatusRegistry>();
        var client = new Health.HealthClient(host.Channel);

        registry.SetStatus("mmo.Auth", ServingStatus.Serving);
        var serving = await client.CheckAsync(new HealthCheckRequest { Service = "mmo.Auth" }).ResponseAsync.DefaultTimeout();
        registry.SetStatus("mmo.Auth", ServingStatus.NotServing);
        var notServing = await client.CheckAsync(new HealthCheckRequest { Service = "mmo.Auth" }).ResponseAsync.DefaultTimeout();
        registry.SetAllStatuses(ServingStatus.NotServing);
        var server = await client.CheckAsync(new HealthCheckRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal(ServingStatus.Serving, serving.Status);
        Assert.Equal(ServingStatus.NotServing, notServing.Status);
        Assert.Equal(ServingStatus.NotServing, server.Status);
    }

    [Fact]
    public async Task Watch_StatusChanges_StreamsCurrentThenEachChange()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var registry = host.GetRequiredService<HealthStatusRegistry>();
        var client = new Health.HealthClient(host.Channel);
        using var cts = new CancellationTokenSource();

        using var call = client.Watch(new HealthCheckRequest { Service = "" }, cancellationToken: cts.Token);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var first = call.ResponseStream.Current.Status;
        registry.SetStatus("", ServingStatus.NotServing);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var second = call.ResponseStream.Current.Status;
        registry.SetStatus("", ServingStatus.Serving);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var third = call.ResponseStream.Current.Status;
        await cts.CancelAsync();

        Assert.Equal([ServingStatus.Serving, ServingStatus.NotServing, ServingStatus.Serving], new[] { first, second, third });
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task Watch_UnknownService_ServiceUnknownThenServingWhenRegistered()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var registry = host.GetRequiredService<HealthStatusRegistry>();
        var client = new Health.HealthClient(host.Channel);

        using var call = client.Watch(new HealthCheckRequest { Service = "mmo.Later" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var first = call.ResponseStream.Current.Status;
        registry.SetStatus("mmo.Later", ServingStatus.Serving);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());

        Assert.Equal(ServingStatus.ServiceUnknown, first);
        Assert.Equal(ServingStatus.Serving, call.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Watch_TwoWatchersOneLeaves_OtherStillNotified()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var registry = host.GetRequiredService<HealthStatusRegistry>();
        var client = new Health.HealthClient(host.Channel);

        var leaving = client.Watch(new HealthCheckRequest());
        using var staying = client.Watch(new HealthCheckRequest());
        Assert.True(await leaving.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        Assert.True(await staying.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        leaving.Dispose();
        registry.SetStatus("", ServingStatus.NotServing);
        Assert.True(await staying.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());

        Assert.Equal(ServingStatus.NotServing, staying.ResponseStream.Current.Status);
    }

    [Fact]
    public async Task Watch_ServerStops_StreamEndsUnavailableWithoutWaitingForShutdownTimeout()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var client = new Health.HealthClient(host.Channel);

        using var call = client.Watch(new HealthCheckRequest());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        await host.Server.StopAsync().DefaultTimeout();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        // Only the server's own answer says this; Kestrel aborting the stream after its shutdown timeout does not.
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("The server is shutting down.", ex.Status.Detail);
    }

    [Fact]
    public async Task Watch_ServerStopsWithDrainDelay_WatcherSeesNotServingBeforeStreamEnds()
    {
        // As the service defaults do: NOT_SERVING when shutdown begins, then a drain delay (here: until the
        // watcher has seen it). Calls keep running through the delay; only then does the server cancel them.
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await GrpcTestHost.StartAsync(services: s => s.AddSingleton(drained).AddHostedService<DrainOnStopping>());
        var client = new Health.HealthClient(host.Channel);

        using var call = client.Watch(new HealthCheckRequest());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        // The host runs ApplicationStopping callbacks on the thread that stops it: not this one, which must go on reading.
        var stopping = Task.Run(host.Server.StopAsync);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var duringDrain = call.ResponseStream.Current.Status;
        drained.SetResult();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();
        await stopping.DefaultTimeout();

        Assert.Equal(ServingStatus.NotServing, duringDrain);
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("The server is shutting down.", ex.Status.Detail);
    }

    [Fact]
    public async Task WatchAsync_SlowWatcher_SeesOnlyLatestStatus()
    {
        var registry = new HealthStatusRegistry();
        using var cts = new CancellationTokenSource();

        var watch = registry.WatchAsync("", cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await watch.MoveNextAsync().DefaultTimeout());
        var initial = watch.Current;
        registry.SetStatus("", ServingStatus.Unknown);
        registry.SetStatus("", ServingStatus.Serving);
        registry.SetStatus("", ServingStatus.NotServing);
        Assert.True(await watch.MoveNextAsync().DefaultTimeout());
        var latest = watch.Current;
        var pending = watch.MoveNextAsync();

        Assert.Equal(ServingStatus.Serving, initial);
        Assert.Equal(ServingStatus.NotServing, latest);
        Assert.False(pending.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.AsTask()).DefaultTimeout();
        await watch.DisposeAsync();
    }

    private sealed class DrainOnStopping(HealthStatusRegistry health, IHostApplicationLifetime lifetime, TaskCompletionSource drained) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStopping.Register(() =>
            {
                health.SetAllStatuses(ServingStatus.NotServing);
                drained.Task.Wait(TaskExtensions.Timeout);
            });
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
