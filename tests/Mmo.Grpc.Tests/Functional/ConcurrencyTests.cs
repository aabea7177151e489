using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>Many calls at once on one channel.</summary>
public class ConcurrencyTests
{
    [Fact]
    public async Task UnaryCall_TwoHundredConcurrentOnOneChannel_AllSucceed()
    {
        // More than Kestrel's default of 100 streams per connection, all in flight together: the
        // server holds every call until all 200 have arrived.
        const int count = 200;
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = new ServiceScript
        {
            Unary = async (request, context) =>
            {
                if (Interlocked.Increment(ref arrived) == count)
                {
                    allArrived.SetResult();
                }
                await allArrived.Task.WaitAsync(context.CancellationToken);
                return new SimpleResponse { ReceivedSize = request.Payload.Length };
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script);

        var calls = Enumerable.Range(0, count)
            .Select(i => host.Client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[i]) }, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync)
            .ToList();
        var responses = await Task.WhenAll(calls).DefaultTimeout();

        Assert.Equal(Enumerable.Range(0, count), responses.Select(r => r.ReceivedSize));
    }

    [Fact]
    public async Task FullDuplexCall_FiftyConcurrentStreams_EachGetsItsOwnResponses()
    {
        await using var host = await GrpcTestHost.StartAsync();

        var streams = Enumerable.Range(1, 50).Select(async n =>
        {
            using var call = host.Client.FullDuplexCall();
            var sizes = new List<int>();
            for (var i = 0; i < 5; i++)
            {
                await call.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = n * 10 + i });
                Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
                sizes.Add(call.ResponseStream.Current.Payload.Length);
            }
            await call.RequestStream.CompleteAsync();
            Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
            return (n, sizes);
        });
        var results = await Task.WhenAll(streams).DefaultTimeout();

        Assert.All(results, r => Assert.Equal(Enumerable.Range(0, 5).Select(i => r.n * 10 + i), r.sizes));
    }

    [Fact]
    public async Task MixedCalls_ConcurrentOnOneChannel_AllSucceed()
    {
        await using var host = await GrpcTestHost.StartAsync();

        var unary = Enumerable.Range(0, 50).Select(async i =>
            (await host.Client.UnaryCallAsync(new SimpleRequest { ResponseSize = i }).ResponseAsync).Payload.Length == i);
        var serverStreams = Enumerable.Range(0, 20).Select(async i =>
        {
            using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1, 2, 3 } });
            var count = 0;
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                count++;
            }
            return count == 3;
        });
        var clientStreams = Enumerable.Range(0, 20).Select(async i =>
        {
            using var call = host.Client.StreamingInputCall();
            for (var j = 0; j < 3; j++)
            {
                await call.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[10]) });
            }
            await call.RequestStream.CompleteAsync();
            return (await call.ResponseAsync).AggregatedPayloadSize == 30;
        });
        var results = await Task.WhenAll(unary.Concat(serverStreams).Concat(clientStreams)).DefaultTimeout();

        Assert.All(results, Assert.True);
    }

    [Fact]
    public async Task StreamingInputCall_ManySmallMessages_AllCounted()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.StreamingInputCall();
        for (var i = 0; i < 2000; i++)
        {
            await call.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[3]) }).DefaultTimeout();
        }
        await call.RequestStream.CompleteAsync().DefaultTimeout();
        var response = await call.ResponseAsync.DefaultTimeout();

        Assert.Equal(2000, response.Count);
        Assert.Equal(6000, response.AggregatedPayloadSize);
    }

    [Fact]
    public async Task Post_TwoHundredConcurrentStreamsOnOneConnection_ServerAllowsThemAll()
    {
        // One HTTP/2 connection only (no second connection to spill over to): the server's stream limit
        // must be above Kestrel's default of 100 for all 200 calls to be in flight together.
        const int count = 200;
        var arrived = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = new ServiceScript
        {
            Unary = async (request, context) =>
            {
                if (Interlocked.Increment(ref arrived) == count)
                {
                    allArrived.SetResult();
                }
                await allArrived.Task.WaitAsync(context.CancellationToken);
                return new SimpleResponse();
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script);
        using var raw = new RawGrpcClient(host.Address);

        var calls = Enumerable.Range(0, count).Select(_ => raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest()), "application/grpc", ("grpc-timeout", "10S")));
        var responses = await Task.WhenAll(calls).DefaultTimeout();

        Assert.All(responses, r => Assert.Equal(0, r.GrpcStatus));
    }
}
