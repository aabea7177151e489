using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Client;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>gzip message compression both ways, and what a hostile compressed message gets.</summary>
public class CompressionTests
{
    [Fact]
    public async Task UnaryCall_ClientCompressesRequests_RoundTrips()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var client = new Interop.InteropClient(host.CreateChannel(new GrpcChannelOptions { RequestCompression = "gzip" }));

        var response = await client.UnaryCallAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[100_000]), ResponseSize = 10 }).ResponseAsync.DefaultTimeout();

        Assert.Equal(100_000, response.ReceivedSize);
        Assert.Equal(10, response.Payload.Length);
    }

    [Fact]
    public async Task StreamingInputCall_ClientCompressesRequests_RoundTrips()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var client = new Interop.InteropClient(host.CreateChannel(new GrpcChannelOptions { RequestCompression = "gzip" }));

        using var call = client.StreamingInputCall();
        await call.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[5000]) }).DefaultTimeout();
        call.RequestStream.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
        await call.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[7]) }).DefaultTimeout();
        await call.RequestStream.CompleteAsync().DefaultTimeout();
        var response = await call.ResponseAsync.DefaultTimeout();

        Assert.Equal(5007, response.AggregatedPayloadSize);
    }

    [Fact]
    public async Task UnaryCall_ServerCompressesResponses_ClientReadsThemAndSeesGrpcEncoding()
    {
        await using var host = await GrpcTestHost.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");

        using var call = host.Client.UnaryCallAsync(new SimpleRequest { ResponseSize = 50_000 });
        var response = await call.ResponseAsync.DefaultTimeout();
        var headers = await call.ResponseHeadersAsync.DefaultTimeout();

        Assert.Equal(50_000, response.Payload.Length);
        Assert.Null(headers.Get("grpc-encoding"));
        using var raw = new RawGrpcClient(host.Address);
        var rawResponse = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest { ResponseSize = 50_000 }), "application/grpc", ("grpc-accept-encoding", "identity,gzip")).DefaultTimeout();
        Assert.Equal("gzip", rawResponse.Headers.NonValidated["grpc-encoding"].ToString());
        var frame = Assert.Single(rawResponse.Messages());
        Assert.True(frame.Length < 50_000, "the response was not compressed");
        Assert.Equal(1, rawResponse.Body[0]);
    }

    [Fact]
    public async Task StreamingOutputCall_ServerCompressesResponses_AllMessagesRead()
    {
        await using var host = await GrpcTestHost.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { 1, 1000, 100_000 } });
        var responses = await call.ResponseStream.ToListAsync();

        Assert.Equal([1, 1000, 100_000], responses.Select(r => r.Payload.Length));
    }

    [Fact]
    public async Task UnaryCall_ServerCompressesButCallerAcceptsOnlyIdentity_ResponseNotCompressed()
    {
        await using var host = await GrpcTestHost.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest { ResponseSize = 100 }), "application/grpc", ("grpc-accept-encoding", "identity")).DefaultTimeout();

        Assert.Equal(0, response.GrpcStatus);
        Assert.False(response.Headers.NonValidated.Contains("grpc-encoding"));
        Assert.Equal(0, response.Body[0]);
    }

    [Fact]
    public async Task UnaryCall_BothSidesCompress_RoundTrips()
    {
        await using var host = await GrpcTestHost.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");
        var client = new Interop.InteropClient(host.CreateChannel(new GrpcChannelOptions { RequestCompression = "gzip" }));

        using var call = client.FullDuplexCall();
        await call.RequestStream.WriteAsync(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[30_000]), ResponseSize = 30_000 }).DefaultTimeout();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        await call.RequestStream.CompleteAsync().DefaultTimeout();

        Assert.Equal(30_000, call.ResponseStream.Current.ReceivedSize);
        Assert.Equal(30_000, call.ResponseStream.Current.Payload.Length);
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task UnaryCall_GzipBombOverServerLimit_ResourceExhausted()
    {
        await using var host = await GrpcTestHost.StartAsync(o => o.MaxReceiveMessageSize = 1024 * 1024);
        using var raw = new RawGrpcClient(host.Address);
        // 16 MiB of one repeated byte inflates from a few KiB: the server must stop at its 1 MiB limit.
        var bomb = RawGrpcClient.Gzip(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[16 * 1024 * 1024]) }.ToByteArray());
        Assert.True(bomb.Length < 64 * 1024);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(bomb, flag: 1), "application/grpc", ("grpc-encoding", "gzip")).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal((int)StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Fact]
    public async Task UnaryCall_GzipBombResponseOverClientLimit_ResourceExhausted()
    {
        await using var host = await GrpcTestHost.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");
        var client = new Interop.InteropClient(host.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 100_000 }));

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest { ResponseSize = 3_000_000 }).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_CorruptGzipPayload_Internal()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);
        byte[] notGzip = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3];

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(notGzip, flag: 1), "application/grpc", ("grpc-encoding", "gzip")).DefaultTimeout();

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Fact]
    public async Task UnaryCall_CompressedFlagWithoutGrpcEncoding_Internal()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);
        var compressed = RawGrpcClient.Gzip(new SimpleRequest().ToByteArray());

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(compressed, flag: 1)).DefaultTimeout();

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Fact]
    public async Task UnaryCall_CompressedFlagWithUnsupportedEncoding_UnimplementedAndAdvertisesSupported()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame([1, 2, 3], flag: 1), "application/grpc", ("grpc-encoding", "br")).DefaultTimeout();

        Assert.Equal((int)StatusCode.Unimplemented, response.GrpcStatus);
        Assert.Contains("gzip", response.Find("grpc-accept-encoding"));
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Fact]
    public async Task UnaryCall_UnsupportedEncodingButUncompressedMessage_Succeeds()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest { ResponseSize = 4 }), "application/grpc", ("grpc-encoding", "br")).DefaultTimeout();

        Assert.Equal(0, response.GrpcStatus);
    }

    [Fact]
    public async Task StreamingOutputCall_ServerWritesWithNoCompress_ThoseMessagesSentPlain()
    {
        var script = new ServiceScript
        {
            ServerStreaming = async (request, responses, context) =>
            {
                await responses.WriteAsync(new SimpleResponse { Payload = ByteString.CopyFrom(new byte[1000]) });
                responses.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
                await responses.WriteAsync(new SimpleResponse { Payload = ByteString.CopyFrom(new byte[1000]) });
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script, o => o.ResponseCompressionAlgorithm = "gzip");
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync("/mmo.testing.v1.Interop/StreamingOutputCall", RawGrpcClient.Frame(new StreamingOutputRequest()), "application/grpc", ("grpc-accept-encoding", "gzip")).DefaultTimeout();
        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest());
        var messages = await call.ResponseStream.ToListAsync();

        Assert.Equal(0, response.GrpcStatus);
        Assert.Equal(2, response.Messages().Count);
        Assert.Equal(1, response.Body[0]);
        var secondFrame = response.Body.AsSpan(5 + response.Messages()[0].Length);
        Assert.Equal(0, secondFrame[0]);
        Assert.All(messages, m => Assert.Equal(1000, m.Payload.Length));
    }
}
