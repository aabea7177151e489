using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mmo.Grpc.Client;
using Mmo.Grpc.Testing;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>The server hosted in memory with TestServer, the client over its handler: no sockets at all.</summary>
public sealed class InMemoryHostingTests : IAsyncLifetime
{
    private readonly TestLogs _logs = new();
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;
    private Interop.InteropClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseTestServer();
        builder.Services.AddGrpc();
        _app = builder.Build();
        _app.MapGrpcService<InteropService>();
        _app.MapGrpcHealthChecks();
        await _app.StartAsync().DefaultTimeout();
        var server = _app.GetTestServer();
        _channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() });
        _client = new Interop.InteropClient(_channel);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
        _logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task UnaryCall_TestServer_ReturnsResponseAndEchoedMetadata()
    {
        var headers = new Metadata { { InteropService.EchoInitialKey, "mem" }, { InteropService.EchoTrailingKey, new byte[] { 1 } } };

        using var call = _client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[10]), ResponseSize = 20 }, headers);
        var response = await call.ResponseAsync.DefaultTimeout();

        Assert.Equal(10, response.ReceivedSize);
        Assert.Equal(20, response.Payload.Length);
        Assert.Equal("mem", (await call.ResponseHeadersAsync.DefaultTimeout()).GetValue(InteropService.EchoInitialKey));
        Assert.Equal(new byte[] { 1 }, call.GetTrailers().GetValueBytes(InteropService.EchoTrailingKey));
    }

    [Fact]
    public async Task StreamingCalls_TestServer_AllKindsWork()
    {
        using var output = _client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1, 2, 3 } });
        var outputs = await output.ResponseStream.ToListAsync();
        using var input = _client.StreamingInputCall();
        await input.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[5]) }).DefaultTimeout();
        await input.RequestStream.CompleteAsync().DefaultTimeout();
        var aggregate = await input.ResponseAsync.DefaultTimeout();
        using var duplex = _client.FullDuplexCall();
        await duplex.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = 7 }).DefaultTimeout();
        Assert.True(await duplex.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var duplexSize = duplex.ResponseStream.Current.Payload.Length;
        await duplex.RequestStream.CompleteAsync().DefaultTimeout();

        Assert.Equal([1, 2, 3], outputs.Select(r => r.Payload.Length));
        Assert.Equal(5, aggregate.AggregatedPayloadSize);
        Assert.Equal(7, duplexSize);
        Assert.False(await duplex.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task UnaryCall_TestServerErrorStatus_TrailersOnlyStatusReachesClient()
    {
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.InvalidArgument, Message = "données ☃" } };

        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(request).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("données ☃", ex.Status.Detail);
    }

    [Fact]
    public async Task StreamingOutputCall_TestServerErrorAfterMessages_StatusFromTrailers()
    {
        using var call = _client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1 }, ResponseStatus = new EchoStatus { Code = (int)StatusCode.Aborted, Message = "late" } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal("late", ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_TestServerDeadline_DeadlineExceeded()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.UnaryCallAsync(new SimpleRequest { DelayMs = 20_000 }, deadline: DateTime.UtcNow.AddMilliseconds(200)).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task Check_TestServerHealth_Serving()
    {
        var client = new global::Grpc.Health.V1.Health.HealthClient(_channel);

        var response = await client.CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal(global::Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task UnaryCall_TestServerUnknownMethod_Unimplemented()
    {
        var method = TestMethods.Unary("mmo.testing.v1.Interop", "Missing");

        var ex = await Assert.ThrowsAsync<RpcException>(() => _channel.CreateCallInvoker().AsyncUnaryCall(method, null, default, new SimpleRequest()).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }
}
