using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mmo.Discovery;
using Mmo.Grpc.Server;
using Mmo.Grpc.Testing;
using Mmo.ServiceDefaults;
using Mmo.Testing.V1;

namespace Mmo.IntegrationTests;

/// <summary>
/// A client registered through the hosting defaults (<c>AddGrpcServiceClient</c>) finds its service through
/// static discovery and carries the internal key and a correlation id; idempotent calls are retried.
/// </summary>
public class ServiceClientPipelineTests
{
    private const string Key = "pipeline-test-internal-key-0123456789abcdef";

    [Fact]
    public async Task ServiceClient_Call_CarriesInternalKeyAndCorrelationId()
    {
        var seen = new HeaderRecorder();
        await using var server = await LoopbackServer.StartAsync(o => o.Interceptors.Add(seen));
        await using var app = BuildClientHost(server.Address, idempotent: false);
        var client = app.Services.GetRequiredService<Interop.InteropClient>();

        await client.UnaryCallAsync(new SimpleRequest(), deadline: DateTime.UtcNow.AddSeconds(10));

        var headers = Assert.Single(seen.Calls);
        Assert.Equal(Key, headers.GetValue("x-internal-key"));
        Assert.Matches("^[0-9a-f]{32}$", headers.GetValue("x-correlation-id") ?? "");
    }

    [Fact]
    public async Task ServiceClient_IdempotentMethodUnavailable_IsRetriedByPolicy()
    {
        var seen = new HeaderRecorder();
        await using var server = await LoopbackServer.StartAsync(o => o.Interceptors.Add(seen));
        await using var app = BuildClientHost(server.Address, idempotent: true);
        var client = app.Services.GetRequiredService<Interop.InteropClient>();
        var failing = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.Unavailable, Message = "down" } };

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(failing, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(3, seen.Calls.Count); // the first attempt and MaxRetries = 2
    }

    private static WebApplication BuildClientHost(Uri serverAddress, bool idempotent)
    {
        var builder = WebApplication.CreateBuilder();
        var settings = new Dictionary<string, string?>
        {
            ["Service:Name"] = "pipeline-test",
            ["Service:GrpcPort"] = "1",
            ["Service:HttpPort"] = "2",
            ["InternalAuth:Key"] = Key,
            ["Discovery:Static:Services:interop:0"] = serverAddress.ToString(),
            ["Resilience:Methods:mmo.testing.v1.Interop/UnaryCall:Idempotent"] = idempotent ? "true" : "false",
            ["Resilience:Methods:mmo.testing.v1.Interop/UnaryCall:RetryBaseDelay"] = "00:00:00.010",
        };
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.Services.AddGrpcServiceClient<Interop.InteropClient>("interop");
        return builder.Build();
    }

    /// <summary>Records each call's request headers on the server.</summary>
    private sealed class HeaderRecorder : Interceptor
    {
        public ConcurrentQueue<Metadata> Calls { get; } = new();

        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            Calls.Enqueue(context.RequestHeaders);
            return continuation(request, context);
        }
    }
}
