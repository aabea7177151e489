using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Mmo.Discovery.Consul;
using Mmo.Discovery.Internal;
using Mmo.Discovery.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Discovery.Tests;

/// <summary>The resolver seam and the DI entry points, without replicas.</summary>
public sealed class ResolverTests
{
    [Fact]
    public async Task WatchAsync_StaticConfigurationReloaded_YieldsCurrentThenChangedSets()
    {
        await using var host = await ClientHost.StartAsync(new Dictionary<string, string?> { ["Discovery:Static:Services:auth:0"] = "http://127.0.0.2:5101" });
        var resolver = host.Services.GetRequiredService<IServiceResolver>();
        using var cancel = new CancellationTokenSource(Infrastructure.TaskExtensions.Timeout);
        await using var sets = resolver.WatchAsync("AUTH", cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await sets.MoveNextAsync());
        Assert.Equal(["127.0.0.2:5101"], sets.Current.Select(e => e.ToString()));
        host.Reconfigure(new Dictionary<string, string?> { ["Discovery:Static:Services:auth:0"] = "http://127.0.0.2:5101", ["Discovery:Static:Services:auth:1"] = "https://[::1]:5102" });
        Assert.True(await sets.MoveNextAsync());

        Assert.Equal(["127.0.0.2:5101", "[::1]:5102"], sets.Current.Select(e => e.ToString()));
        Assert.Equal(2, (await resolver.ResolveAsync("auth", cancel.Token)).Count);
        Assert.Empty(await resolver.ResolveAsync("character", cancel.Token));
    }

    [Theory]
    [InlineData(0ul, 42ul, 42ul)] // First answer.
    [InlineData(42ul, 42ul, 42ul)] // Wait elapsed, nothing changed.
    [InlineData(42ul, 57ul, 57ul)] // Changed.
    [InlineData(42ul, 7ul, 0ul)] // Went backwards: start over.
    [InlineData(0ul, 0ul, 1ul)] // Never block on 0 (Consul bug guard): it would be a busy loop.
    public void NextIndex_ConsulAnswer_FollowsTheDocumentedRules(ulong previous, ulong returned, ulong expected) =>
        Assert.Equal(expected, ConsulServiceResolver.NextIndex(previous, returned));

    [Fact]
    public async Task TakeAsync_TokenBucketOfTwo_LetsTwoThroughThenOnePerInterval()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(2, TimeSpan.FromSeconds(1), time);

        await bucket.TakeAsync(CancellationToken.None);
        await bucket.TakeAsync(CancellationToken.None);
        var third = bucket.TakeAsync(CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await third.DefaultTimeout();
    }

    [Fact]
    public async Task AddGrpcServiceClient_Interceptors_RunGlobalFirstThenTheClientsOwnOnEveryCall()
    {
        var order = new List<string>();
        var settings = new Dictionary<string, string?> { ["Discovery:Static:Services:auth:0"] = "http://127.0.0.2:1" };
        await using var host = await ClientHost.StartAsync(settings, services =>
        {
            services.AddGrpcServiceClient<Interop.InteropClient>("auth")
                .AddInterceptor(_ => new RecordingInterceptor("client", order));
            services.AddGrpcServiceClientInterceptor(_ => new RecordingInterceptor("global", order));
        });

        // Nothing listens on port 1: the call fails, after going through the interceptors.
        await Assert.ThrowsAsync<RpcException>(() => host.CallAsync());

        Assert.Equal(["global", "client"], order);
        Assert.Same(host.Invoker, host.Services.GetRequiredService<Balancing.BalancingCallInvokerFactory>().GetInvoker("Auth"));
    }

    private sealed class RecordingInterceptor(string name, List<string> order) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            order.Add(name);
            return continuation(request, context);
        }
    }
}
