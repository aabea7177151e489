using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Client;
using Mmo.Grpc.Server;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>Message size limits on both sides, and large messages within them.</summary>
public class MessageSizeTests
{
    private const int OneMiB = 1024 * 1024;

    [Fact]
    public async Task UnaryCall_OneMiBEachWayWithDefaults_Succeeds()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var payload = new byte[OneMiB];
        Random.Shared.NextBytes(payload);

        var response = await host.Client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFrom(payload), ResponseSize = OneMiB }).ResponseAsync.DefaultTimeout();

        Assert.Equal(OneMiB, response.ReceivedSize);
        Assert.Equal(OneMiB, response.Payload.Length);
    }

    [Fact]
    public async Task FullDuplexCall_SeveralOneMiBMessagesEachWay_Succeeds()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.FullDuplexCall();
        for (var i = 0; i < 4; i++)
        {
            await call.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[OneMiB]), ResponseSize = OneMiB }).DefaultTimeout();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
            Assert.Equal(OneMiB, call.ResponseStream.Current.Payload.Length);
        }
        await call.RequestStream.CompleteAsync().DefaultTimeout();

        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task StreamingOutputCall_ManyLargeMessages_AllArriveInOrder()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var sizes = Enumerable.Range(1, 12).Select(i => i * 300_000).ToArray();

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { sizes } });
        var responses = await call.ResponseStream.ToListAsync();

        Assert.Equal(sizes, responses.Select(r => r.Payload.Length));
    }

    [Fact]
    public async Task UnaryCall_RequestOverServerLimit_ResourceExhausted()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o =>
        {
            o.MaxReceiveMessageSize = 64 * 1024;
            o.Interceptors.Add(probe);
        });

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[100_000]) }).ResponseAsync).DefaultTimeout();
        var next = await host.Client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[60_000]) }).ResponseAsync.DefaultTimeout();

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(60_000, next.ReceivedSize);
        // The oversized request never reached the service.
        Assert.Null(await probe.Completed.DefaultTimeout());
    }

    [Fact]
    public async Task StreamingInputCall_OneRequestOverServerLimit_ResourceExhausted()
    {
        await using var host = await GrpcTestHost.StartAsync(o => o.MaxReceiveMessageSize = 64 * 1024);

        using var call = host.Client.StreamingInputCall();
        await call.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[10]) }).DefaultTimeout();
        try
        {
            await call.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[100_000]) }).DefaultTimeout();
            await call.RequestStream.CompleteAsync().DefaultTimeout();
        }
        catch (RpcException)
        {
            // The server may have ended the call before the write finished; the status is what matters.
        }
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_ResponseOverClientLimit_ResourceExhausted()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var channel = host.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 });
        var client = new Interop.InteropClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { ResponseSize = 100_000 }).ResponseAsync).DefaultTimeout();
        var next = await client.UnaryCallAsync(new SimpleRequest { ResponseSize = 60_000 }).ResponseAsync.DefaultTimeout();

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(60_000, next.Payload.Length);
    }

    [Fact]
    public async Task StreamingOutputCall_SecondResponseOverClientLimit_FirstReadThenResourceExhausted()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var channel = host.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 });
        var client = new Interop.InteropClient(channel);

        using var call = client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 10, 100_000, 10 } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task UnaryCall_RequestOverClientSendLimit_ResourceExhaustedBeforeSending()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        var channel = host.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1000 });
        var client = new Interop.InteropClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[2000]) }).ResponseAsync).DefaultTimeout();
        await client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[10]) }).ResponseAsync.DefaultTimeout();

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        // The first call the server saw was the small one: the large one never left the client.
        Assert.Null(await probe.Completed.DefaultTimeout());
        Assert.Single(host.Logs.Records, r => r.Message.StartsWith("Request starting", StringComparison.Ordinal) && r.Message.Contains("UnaryCall", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_RequestOverClientSendLimit_ResourceExhausted()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var channel = host.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1000 });
        var client = new Interop.InteropClient(channel);

        using var call = client.FullDuplexCall();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[2000]) })).DefaultTimeout();

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_ResponseOverServerSendLimit_ResourceExhausted()
    {
        await using var host = await GrpcTestHost.StartAsync(o => o.MaxSendMessageSize = 64 * 1024);

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest { ResponseSize = 100_000 }).ResponseAsync).DefaultTimeout();
        var next = await host.Client.UnaryCallAsync(new SimpleRequest { ResponseSize = 10 }).ResponseAsync.DefaultTimeout();

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(10, next.Payload.Length);
    }

    [Fact]
    public async Task UnaryCall_LimitsRaisedToEightMiB_EightMiBMessagesWork()
    {
        const int size = 8 * 1024 * 1024;
        await using var host = await GrpcTestHost.StartAsync(o =>
        {
            o.MaxReceiveMessageSize = size + 64;
            o.MaxSendMessageSize = size + 64;
        });
        var channel = host.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = size + 64, MaxSendMessageSize = size + 64 });
        var client = new Interop.InteropClient(channel);

        var response = await client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[size]), ResponseSize = size }).ResponseAsync.DefaultTimeout();

        Assert.Equal(size, response.ReceivedSize);
        Assert.Equal(size, response.Payload.Length);
    }

    [Fact]
    public async Task UnaryCall_RequestOverKestrelBodyLimitWithinGrpcLimit_Succeeds()
    {
        // Kestrel refuses request bodies over 30,000,000 bytes by default; gRPC's own limit must be the one that counts.
        const int size = 31_000_000;
        await using var host = await GrpcTestHost.StartAsync(o => o.MaxReceiveMessageSize = 32 * 1024 * 1024);
        var client = new Interop.InteropClient(host.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 32 * 1024 * 1024 }));

        var response = await client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[size]) }).ResponseAsync.DefaultTimeout();

        Assert.Equal(size, response.ReceivedSize);
    }

    [Fact]
    public async Task StreamingOutputCall_ResponseOverServerSendLimitMidStream_EarlierMessagesThenResourceExhausted()
    {
        await using var host = await GrpcTestHost.StartAsync(o => o.MaxSendMessageSize = 10_000);

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 100, 20_000, 100 } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }
}
