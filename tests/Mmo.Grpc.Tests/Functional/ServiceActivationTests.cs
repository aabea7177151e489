using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>Where a service instance comes from: DI when registered there, otherwise one per call, disposed after it.</summary>
public class ServiceActivationTests
{
    [Fact]
    public async Task UnaryCall_ServiceNotInDi_NewInstancePerCallDisposedAfterIt()
    {
        var tracker = new InstanceTracker();
        await using var host = await GrpcTestHost.StartAsync<TrackedService>(services: s => s.AddSingleton(tracker));

        var first = await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        var second = await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();

        Assert.NotEqual(first.ReceivedSize, second.ReceivedSize);
        Assert.Equal(2, tracker.Created);
        Assert.Equal(2, tracker.Disposed);
    }

    [Fact]
    public async Task UnaryCall_ServiceRegisteredAsSingleton_SameInstanceNeverDisposedByCalls()
    {
        var tracker = new InstanceTracker();
        await using var host = await GrpcTestHost.StartAsync<TrackedService>(services: s => s.AddSingleton(tracker).AddSingleton<TrackedService>());

        var first = await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        var second = await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal(first.ReceivedSize, second.ReceivedSize);
        Assert.Equal(1, tracker.Created);
        Assert.Equal(0, tracker.Disposed);
    }

    [Fact]
    public async Task UnaryCall_ServiceThrows_PerCallInstanceStillDisposed()
    {
        var tracker = new InstanceTracker { Throw = true };
        await using var host = await GrpcTestHost.StartAsync<TrackedService>(services: s => s.AddSingleton(tracker));

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal(1, tracker.Disposed);
    }

    internal sealed class InstanceTracker
    {
        private int _created;
        private int _disposed;

        public int Created => Volatile.Read(ref _created);

        public int Disposed => Volatile.Read(ref _disposed);

        public bool Throw { get; init; }

        public int OnCreated() => Interlocked.Increment(ref _created);

        public void OnDisposed() => Interlocked.Increment(ref _disposed);
    }

    /// <summary>Answers with its own instance number, so a test sees which instance served a call.</summary>
    internal sealed class TrackedService(InstanceTracker tracker) : Interop.InteropBase, IDisposable
    {
        private readonly int _instance = tracker.OnCreated();

        public override Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context) =>
            tracker.Throw
                ? throw new RpcException(new Status(StatusCode.Aborted, "as asked"))
                : Task.FromResult(new SimpleResponse { ReceivedSize = _instance });

        public void Dispose() => tracker.OnDisposed();
    }
}
