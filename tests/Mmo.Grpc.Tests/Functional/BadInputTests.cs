using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Server;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>
/// Requests our client never sends, written by hand. Each must get the right status, and the
/// connection (or the server) must go on serving normal calls afterwards.
/// </summary>
public class BadInputTests
{
    [Fact]
    public async Task UnaryCall_BodyEndsInsideMessage_InternalAndConnectionStillServes()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);
        var frame = RawGrpcClient.Frame(new SimpleRequest { Payload = ByteString.CopyFrom(new byte[100]) });

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, frame[..50]).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Fact]
    public async Task UnaryCall_BodyEndsInsideHeader_Internal()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, [0, 0, 0]).DefaultTimeout();

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Fact]
    public async Task UnaryCall_EmptyBody_Internal()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, []).DefaultTimeout();

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
    }

    [Fact]
    public async Task UnaryCall_LengthPrefixOverLimit_ResourceExhaustedBeforeTheBodyArrives()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        using var raw = new RawGrpcClient(host.Address);
        // Only the 5-byte prefix is sent and the body stays open: the server must answer from the
        // prefix alone, without waiting for (or allocating) 2 GiB.
        using var body = new HeldOpenContent(RawGrpcClient.Header(0, 0x7FFFFFFF));

        var response = await raw.SendAsync(RawGrpcClient.CreateRequest(RawGrpcClient.UnaryPath, body)).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal((int)StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.False(probe.Started.IsCompleted);
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Fact]
    public async Task StreamingInputCall_LengthPrefixOverLimit_ResourceExhausted()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);
        using var body = new HeldOpenContent(RawGrpcClient.Header(0, uint.MaxValue));

        var response = await raw.SendAsync(RawGrpcClient.CreateRequest("/mmo.testing.v1.Interop/StreamingInputCall", body)).DefaultTimeout();

        Assert.Equal((int)StatusCode.ResourceExhausted, response.GrpcStatus);
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Fact]
    public async Task UnaryCall_TwoMessages_Internal()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        using var raw = new RawGrpcClient(host.Address);
        var frame = RawGrpcClient.Frame(new SimpleRequest { ResponseSize = 1 });

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, [.. frame, .. frame]).DefaultTimeout();

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        Assert.Empty(response.Body);
        Assert.False(probe.Started.IsCompleted);
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Fact]
    public async Task StreamingOutputCall_TwoMessages_Internal()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);
        var frame = RawGrpcClient.Frame(new StreamingOutputRequest { ResponseSizes = { 1 } });

        var response = await raw.PostAsync("/mmo.testing.v1.Interop/StreamingOutputCall", [.. frame, .. frame]).DefaultTimeout();

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
    }

    [Fact]
    public async Task UnaryCall_InvalidFlagByte_Internal()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest(), flag: 2)).DefaultTimeout();

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Fact]
    public async Task UnaryCall_PayloadNotProtobuf_InternalWithoutErrorLog()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff })).DefaultTimeout();

        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/grpcx")]
    public async Task UnaryCall_WrongContentType_Http415WithGrpcStatus(string contentType)
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest()), contentType).DefaultTimeout();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal((int)StatusCode.Internal, response.GrpcStatus);
        Assert.Contains(contentType, response.GrpcMessage);
        Assert.Equal(0, (await raw.GoodUnaryAsync().DefaultTimeout()).GrpcStatus);
    }

    [Theory]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc;charset=utf-8")]
    public async Task UnaryCall_GrpcContentTypeVariants_Accepted(string contentType)
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(new SimpleRequest { ResponseSize = 2 }), contentType).DefaultTimeout();

        Assert.Equal(0, response.GrpcStatus);
        Assert.Single(response.Messages());
    }

    [Fact]
    public async Task Connect_Http11RequestOnHttp2Port_ServerSurvivesAndGrpcStillWorks()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, host.Address.Port).DefaultTimeout();
        var request = $"POST {RawGrpcClient.UnaryPath} HTTP/1.1\r\nHost: {host.Address.Authority}\r\nContent-Type: application/grpc\r\nContent-Length: 5\r\n\r\n\0\0\0\0\0";

        await socket.SendAsync(Encoding.ASCII.GetBytes(request)).DefaultTimeout();
        var received = await ReadUntilClosedAsync(socket).DefaultTimeout();

        // Kestrel answers a bad preface with an HTTP/2 GOAWAY, or an HTTP/1.1 error, then closes: never a hang.
        Assert.NotEmpty(received);
        Assert.Equal(0, (await host.Client.UnaryCallAsync(new SimpleRequest { ResponseSize = 1 }).ResponseAsync.DefaultTimeout()).Payload.Length - 1);
    }

    [Fact]
    public async Task Connect_GarbageInsteadOfPreface_ServerClosesAndGrpcStillWorks()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, host.Address.Port).DefaultTimeout();
        var garbage = new byte[4096];
        Random.Shared.NextBytes(garbage);

        await socket.SendAsync(garbage).DefaultTimeout();
        await ReadUntilClosedAsync(socket).DefaultTimeout();

        Assert.NotNull(await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());
    }

    [Fact]
    public async Task StreamingOutputCall_ClientStopsReading_OtherCallsOnChannelSucceedAndStuckCallEndsAtDeadline()
    {
        var probe = new CallProbe();
        await using var host = await GrpcTestHost.StartAsync(o => o.Interceptors.Add(probe));
        var sizes = Enumerable.Repeat(1024 * 1024, 64);
        await host.WarmUpAsync();

        // 64 MiB of responses, never read: flow control must stall only this stream.
        using var stuck = host.Client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { sizes } }, deadline: DateTime.UtcNow.AddSeconds(2));
        await probe.Started.DefaultTimeout();
        for (var i = 0; i < 5; i++)
        {
            var response = await host.Client.UnaryCallAsync(new SimpleRequest { ResponseSize = 100_000 }).ResponseAsync.DefaultTimeout();
            Assert.Equal(100_000, response.Payload.Length);
        }
        var ended = await probe.Completed.DefaultTimeout();

        Assert.NotNull(ended);
        var ex = await Assert.ThrowsAsync<RpcException>(() => stuck.ResponseStream.ToListAsync()).DefaultTimeout();
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(0, (await host.Client.UnaryCallAsync(new SimpleRequest { ResponseSize = 1 }).ResponseAsync.DefaultTimeout()).Payload.Length - 1);
    }

    [Fact]
    public async Task Get_GrpcMethodPath_NotAGrpcCallAndServerStillServes()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.GetAsync(new Uri(host.Address, RawGrpcClient.UnaryPath)).DefaultTimeout();

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());
    }

    private static async Task<byte[]> ReadUntilClosedAsync(Socket socket)
    {
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // A reset after the server's answer counts as closed.
        }
        return received.ToArray();
    }

    /// <summary>A request body that sends some bytes and then stays open until the request is cancelled.</summary>
    private sealed class HeldOpenContent(byte[] prefix) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(prefix, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The server ended the stream: the request body is abandoned.
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
