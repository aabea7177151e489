using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>One side ends a call while the other is still sending.</summary>
public class EarlyEndTests
{
    [Fact]
    public async Task StreamingInputCall_ServerAnswersBeforeReadingAll_ClientGetsResponseAndLaterWritesFail()
    {
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            ClientStreaming = async (requests, context) =>
            {
                Assert.True(await requests.MoveNext(context.CancellationToken));
                return new StreamingInputResponse { Count = 1 };
            },
        });

        using var call = host.Client.StreamingInputCall();
        await call.RequestStream.WriteAsync(new SimpleRequest()).DefaultTimeout();
        var response = await call.ResponseAsync.DefaultTimeout();
        var late = await Record.ExceptionAsync(() => call.RequestStream.WriteAsync(new SimpleRequest())).DefaultTimeout();

        Assert.Equal(1, response.Count);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.IsType<InvalidOperationException>(late);
    }

    [Fact]
    public async Task FullDuplexCall_ServerEndsWithErrorWhileClientWrites_WritesFailWithThatStatus()
    {
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            Duplex = async (requests, responses, context) =>
            {
                Assert.True(await requests.MoveNext(context.CancellationToken));
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "enough"));
            },
        });

        using var call = host.Client.FullDuplexCall();
        await call.RequestStream.WriteAsync(new SimpleRequest()).DefaultTimeout();
        var read = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();
        var write = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new SimpleRequest())).DefaultTimeout();

        Assert.Equal(StatusCode.FailedPrecondition, read.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, write.StatusCode);
    }

    [Fact]
    public async Task FullDuplexCall_ServerReturnsWithoutReading_ClientSeesOkAndCanStillComplete()
    {
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            Duplex = (requests, responses, context) => responses.WriteAsync(new SimpleResponse { ReceivedSize = 3 }),
        });

        using var call = host.Client.FullDuplexCall();
        var messages = await call.ResponseStream.ToListAsync();
        await call.RequestStream.CompleteAsync().DefaultTimeout();

        Assert.Equal(3, Assert.Single(messages).ReceivedSize);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task StreamingInputCall_ClientWritesManyWhileServerRejectsFirst_CallEndsWithServerStatus()
    {
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            ClientStreaming = (requests, context) => throw new RpcException(new Status(StatusCode.PermissionDenied, "no uploads")),
        });

        using var call = host.Client.StreamingInputCall();
        try
        {
            for (var i = 0; i < 100; i++)
            {
                await call.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[10_000]) }).DefaultTimeout();
            }
        }
        catch (RpcException ex)
        {
            // A write racing the server's answer may only learn that the request stream was closed.
            Assert.Contains(ex.StatusCode, new[] { StatusCode.PermissionDenied, StatusCode.Cancelled });
        }
        var status = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.PermissionDenied, status.StatusCode);
        Assert.Equal("no uploads", status.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_ServiceReturnsNull_Internal()
    {
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript { Unary = (request, context) => Task.FromResult<SimpleResponse>(null!) });

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task StreamingOutputCall_ServiceSetsErrorStatusAfterMessages_MessagesThenStatus()
    {
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            ServerStreaming = async (request, responses, context) =>
            {
                await responses.WriteAsync(new SimpleResponse());
                context.ResponseTrailers.Add("x-why", "partial");
                context.Status = new Status(StatusCode.DataLoss, "partial");
            },
        });

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.DataLoss, ex.StatusCode);
        Assert.Equal("partial", ex.Trailers.GetValue("x-why"));
    }

    [Fact]
    public async Task StreamingOutputCall_BufferHintWrites_AllDeliveredWhenCallEnds()
    {
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            ServerStreaming = async (request, responses, context) =>
            {
                responses.WriteOptions = new WriteOptions(WriteFlags.BufferHint);
                for (var i = 0; i < 10; i++)
                {
                    await responses.WriteAsync(new SimpleResponse { ReceivedSize = i });
                }
            },
        });

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest());
        var messages = await call.ResponseStream.ToListAsync();

        Assert.Equal(Enumerable.Range(0, 10), messages.Select(m => m.ReceivedSize));
    }

    [Fact]
    public async Task StreamingOutputCall_WriteAfterCallerCancelled_WriteFailsWithCancellation()
    {
        var writeFailed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            ServerStreaming = async (request, responses, context) =>
            {
                var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using var registration = context.CancellationToken.Register(() => cancelled.TrySetResult());
                await responses.WriteAsync(new SimpleResponse());
                await cancelled.Task.WaitAsync(TaskExtensions.Timeout);
                writeFailed.SetResult(await Record.ExceptionAsync(() => responses.WriteAsync(new SimpleResponse())));
            },
        });
        using var cts = new CancellationTokenSource();

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest(), cancellationToken: cts.Token);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        await cts.CancelAsync();
        var failure = await writeFailed.Task.DefaultTimeout();

        Assert.IsAssignableFrom<OperationCanceledException>(failure);
    }
}
