using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Testing;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>The four kinds of call through the generated client over real loopback Kestrel.</summary>
public class CallKindsTests
{
    [Fact]
    public async Task UnaryCall_GeneratedAsyncClient_ReturnsResponseAndOkStatus()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var request = new SimpleRequest { Payload = ByteString.CopyFrom(new byte[100]), ResponseSize = 200 };

        using var call = host.Client.UnaryCallAsync(request);
        var response = await call.ResponseAsync.DefaultTimeout();

        Assert.Equal(100, response.ReceivedSize);
        Assert.Equal(200, response.Payload.Length);
        Assert.All(response.Payload.ToByteArray(), b => Assert.Equal((byte)'a', b));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.NotNull(call.GetTrailers());
    }

    [Fact]
    public async Task UnaryCall_BlockingClient_ReturnsResponse()
    {
        await using var host = await GrpcTestHost.StartAsync();

        var response = await Task.Run(() => host.Client.UnaryCall(new SimpleRequest { Payload = ByteString.CopyFromUtf8("hello"), ResponseSize = 7 })).DefaultTimeout();

        Assert.Equal(5, response.ReceivedSize);
        Assert.Equal(7, response.Payload.Length);
    }

    [Fact]
    public async Task UnaryCall_BlockingClientWithErrorStatus_ThrowsRpcException()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.FailedPrecondition, Message = "no" } };

        var ex = await Assert.ThrowsAsync<RpcException>(() => Task.Run(() => host.Client.UnaryCall(request))).DefaultTimeout();

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("no", ex.Status.Detail);
    }

    [Fact]
    public async Task StreamingOutputCall_FourSizes_ReadsEachMessageThenOk()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var request = new StreamingOutputRequest { ResponseSizes = { 10, 20, 30, 40 } };

        using var call = host.Client.StreamingOutputCall(request);
        var responses = await call.ResponseStream.ToListAsync();
        var sizes = responses.Select(r => r.Payload.Length).ToList();

        Assert.Equal([10, 20, 30, 40], sizes);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task StreamingOutputCall_NoResponses_EndsWithOk()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest());
        var more = await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout();

        Assert.False(more);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task StreamingOutputCall_ErrorAfterMessages_MessagesThenRpcException()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var request = new StreamingOutputRequest { ResponseSizes = { 1, 2 }, ResponseStatus = new EchoStatus { Code = (int)StatusCode.DataLoss, Message = "lost" } };

        using var call = host.Client.StreamingOutputCall(request);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.DataLoss, ex.StatusCode);
        Assert.Equal("lost", ex.Status.Detail);
        Assert.Equal(StatusCode.DataLoss, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task StreamingInputCall_FourRequests_AggregatesSizes()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.StreamingInputCall();
        foreach (var size in new[] { 1, 10, 100, 1000 })
        {
            await call.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[size]) }).DefaultTimeout();
        }
        await call.RequestStream.CompleteAsync().DefaultTimeout();
        var response = await call.ResponseAsync.DefaultTimeout();

        Assert.Equal(1111, response.AggregatedPayloadSize);
        Assert.Equal(4, response.Count);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task StreamingInputCall_CompleteWithoutRequests_ReturnsEmptyAggregate()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.StreamingInputCall();
        await call.RequestStream.CompleteAsync().DefaultTimeout();
        var response = await call.ResponseAsync.DefaultTimeout();

        Assert.Equal(0, response.Count);
    }

    [Fact]
    public async Task StreamingInputCall_WriteAfterComplete_ThrowsInvalidOperation()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.StreamingInputCall();
        await call.RequestStream.CompleteAsync().DefaultTimeout();
        await call.ResponseAsync.DefaultTimeout();

        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync(new SimpleRequest())).DefaultTimeout();
    }

    [Fact]
    public async Task FullDuplexCall_PingPong_EachResponseFollowsItsRequest()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.FullDuplexCall();
        for (var i = 1; i <= 4; i++)
        {
            await call.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = i * 10, Payload = ByteString.CopyFrom(new byte[i]) }).DefaultTimeout();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
            Assert.Equal(i * 10, call.ResponseStream.Current.Payload.Length);
            Assert.Equal(i, call.ResponseStream.Current.ReceivedSize);
        }
        await call.RequestStream.CompleteAsync().DefaultTimeout();
        var more = await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout();

        Assert.False(more);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task FullDuplexCall_ErrorStatusRequest_EndsCallWithThatStatus()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.FullDuplexCall();
        await call.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = 1 }).DefaultTimeout();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        await call.RequestStream.WriteAsync(new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.Aborted, Message = "stop" } }).DefaultTimeout();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal("stop", ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_EchoMetadata_ResponseHeadersAndTrailersCarryIt()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var headers = new Metadata
        {
            { InteropService.EchoInitialKey, "hello-initial" },
            { InteropService.EchoTrailingKey, new byte[] { 0x00, 0x01, 0xfe, 0xff } },
        };

        using var call = host.Client.UnaryCallAsync(new SimpleRequest(), headers);
        var responseHeaders = await call.ResponseHeadersAsync.DefaultTimeout();
        await call.ResponseAsync.DefaultTimeout();

        Assert.Equal("hello-initial", responseHeaders.GetValue(InteropService.EchoInitialKey));
        Assert.Equal(new byte[] { 0x00, 0x01, 0xfe, 0xff }, call.GetTrailers().GetValueBytes(InteropService.EchoTrailingKey));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task FullDuplexCall_EchoMetadata_ResponseHeadersBeforeFirstMessageAndTrailersAfterEnd()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var headers = new Metadata
        {
            { InteropService.EchoInitialKey, "duplex" },
            { InteropService.EchoTrailingKey, new byte[] { 9, 8, 7 } },
        };

        using var call = host.Client.FullDuplexCall(headers);
        var responseHeaders = await call.ResponseHeadersAsync.DefaultTimeout();
        await call.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = 1 }).DefaultTimeout();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        await call.RequestStream.CompleteAsync().DefaultTimeout();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());

        Assert.Equal("duplex", responseHeaders.GetValue(InteropService.EchoInitialKey));
        Assert.Equal(new byte[] { 9, 8, 7 }, call.GetTrailers().GetValueBytes(InteropService.EchoTrailingKey));
    }

    [Fact]
    public async Task GetStatus_CallStillRunning_ThrowsInvalidOperation()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.FullDuplexCall(new Metadata { { InteropService.EchoInitialKey, "x" } });
        await call.ResponseHeadersAsync.DefaultTimeout();

        Assert.Throws<InvalidOperationException>(() => call.GetStatus());
        Assert.Throws<InvalidOperationException>(() => call.GetTrailers());
        await call.RequestStream.CompleteAsync().DefaultTimeout();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task StreamingInputCall_NothingWrittenYet_ServerSeesCallStart()
    {
        // The request headers must leave at once, not with the first message: 20 calls in a row on one
        // connection made a lost HEADERS frame show up about one time in ten.
        var started = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var script = new ServiceScript
        {
            ClientStreaming = async (requests, context) =>
            {
                started.Writer.TryWrite(context.RequestHeaders.GetValue("x-call") ?? "");
                var count = 0;
                while (await requests.MoveNext(context.CancellationToken))
                {
                    count++;
                }
                return new StreamingInputResponse { Count = count };
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script);

        for (var i = 0; i < 20; i++)
        {
            using var call = host.Client.StreamingInputCall(new Metadata { { "x-call", i.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            var seen = await started.Reader.ReadAsync().AsTask().DefaultTimeout();
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), seen);
            await call.RequestStream.WriteAsync(new SimpleRequest()).DefaultTimeout();
            await call.RequestStream.CompleteAsync().DefaultTimeout();
            Assert.Equal(1, (await call.ResponseAsync.DefaultTimeout()).Count);
        }
    }

    [Fact]
    public async Task FullDuplexCall_NothingWrittenYet_ServerCanAnswerFirst()
    {
        var script = new ServiceScript
        {
            Duplex = async (requests, responses, context) =>
            {
                await responses.WriteAsync(new SimpleResponse { ReceivedSize = 42 });
                while (await requests.MoveNext(context.CancellationToken))
                {
                    await responses.WriteAsync(new SimpleResponse { ReceivedSize = requests.Current.Payload.Length });
                }
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script);

        using var call = host.Client.FullDuplexCall();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        Assert.Equal(42, call.ResponseStream.Current.ReceivedSize);
        await call.RequestStream.CompleteAsync().DefaultTimeout();

        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task MoveNext_OverlappingReads_SecondThrowsInvalidOperation()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1, 1 }, IntervalMs = 20_000 });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var pending = call.ResponseStream.MoveNext(CancellationToken.None);
        var overlapping = await Record.ExceptionAsync(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.IsType<InvalidOperationException>(overlapping);
        Assert.False(pending.IsCompleted);
    }
}
