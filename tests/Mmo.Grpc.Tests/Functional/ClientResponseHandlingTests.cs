using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Mmo.Grpc.Client;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>
/// What our client makes of responses a gRPC server should never send: plain HTTP endpoints on the
/// same Kestrel play the broken server, and each call must end with the right status, never hang.
/// </summary>
public class ClientResponseHandlingTests
{
    private const string Service = "broken.Server";

    [Theory]
    [InlineData("NotFound", StatusCode.Unimplemented)]
    [InlineData("Unavailable", StatusCode.Unavailable)]
    [InlineData("Forbidden", StatusCode.PermissionDenied)]
    [InlineData("Unauthorized", StatusCode.Unauthenticated)]
    [InlineData("Teapot", StatusCode.Unknown)]
    [InlineData("Html", StatusCode.Internal)]
    [InlineData("NoStatus", StatusCode.Internal)]
    [InlineData("GarbledStatus", StatusCode.Unknown)]
    [InlineData("Truncated", StatusCode.Internal)]
    [InlineData("TwoMessages", StatusCode.Internal)]
    [InlineData("OkWithoutMessage", StatusCode.Internal)]
    [InlineData("CompressedWithoutEncoding", StatusCode.Internal)]
    [InlineData("BadFlag", StatusCode.Internal)]
    [InlineData("NotProtobuf", StatusCode.Internal)]
    public async Task UnaryCall_BrokenResponse_ExpectedStatus(string name, StatusCode expected)
    {
        await using var host = await GrpcTestHost.StartAsync(map: MapBrokenEndpoints);

        using var call = host.Channel.CreateCallInvoker().AsyncUnaryCall(TestMethods.Unary(Service, name), null, default, new SimpleRequest());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(expected, ex.StatusCode);
        Assert.Equal(expected, call.GetStatus().StatusCode);
        Assert.NotNull(await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout());
    }

    [Theory]
    [InlineData("NoStatus", StatusCode.Internal)]
    [InlineData("Truncated", StatusCode.Internal)]
    [InlineData("Html", StatusCode.Internal)]
    public async Task StreamingCall_BrokenResponse_ReadFailsWithExpectedStatus(string name, StatusCode expected)
    {
        await using var host = await GrpcTestHost.StartAsync(map: MapBrokenEndpoints);

        using var call = host.Channel.CreateCallInvoker().AsyncServerStreamingCall(TestMethods.ServerStreaming(Service, name), null, default, new SimpleRequest());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.ToListAsync()).DefaultTimeout();

        Assert.Equal(expected, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_NothingListening_Unavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new Interop.InteropClient(channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.UnaryCallAsync(new SimpleRequest()).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task FullDuplexCall_NothingListening_ReadsAndWritesFailUnavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new Interop.InteropClient(channel);

        using var call = client.FullDuplexCall();
        var write = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new SimpleRequest())).DefaultTimeout();
        var read = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.Unavailable, write.StatusCode);
        Assert.Equal(StatusCode.Unavailable, read.StatusCode);
    }

    [Fact]
    public void ForAddress_NotHttpScheme_Throws()
    {
        Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress("ftp://127.0.0.1:1"));
    }

    private static void MapBrokenEndpoints(WebApplication app)
    {
        Map(app, "NotFound", async ctx => ctx.Response.StatusCode = 404);
        Map(app, "Unavailable", async ctx => ctx.Response.StatusCode = 503);
        Map(app, "Forbidden", async ctx => ctx.Response.StatusCode = 403);
        Map(app, "Unauthorized", async ctx => ctx.Response.StatusCode = 401);
        Map(app, "Teapot", async ctx => ctx.Response.StatusCode = 418);
        Map(app, "Html", async ctx =>
        {
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html>not grpc</html>");
        });
        Map(app, "NoStatus", async ctx =>
        {
            ctx.Response.ContentType = "application/grpc";
            await ctx.Response.Body.WriteAsync(Frame(new SimpleResponse { ReceivedSize = 1 }.ToByteArray()));
        });
        Map(app, "GarbledStatus", async ctx =>
        {
            ctx.Response.ContentType = "application/grpc";
            ctx.Response.Headers["grpc-status"] = "not-a-number";
        });
        Map(app, "Truncated", async ctx =>
        {
            ctx.Response.ContentType = "application/grpc";
            var frame = Frame(new SimpleResponse { Payload = ByteString.CopyFrom(new byte[100]) }.ToByteArray());
            await ctx.Response.Body.WriteAsync(frame.AsMemory(0, 40));
            ctx.Response.AppendTrailer("grpc-status", "0");
        });
        Map(app, "TwoMessages", async ctx =>
        {
            ctx.Response.ContentType = "application/grpc";
            var frame = Frame(new SimpleResponse().ToByteArray());
            await ctx.Response.Body.WriteAsync(frame);
            await ctx.Response.Body.WriteAsync(frame);
            ctx.Response.AppendTrailer("grpc-status", "0");
        });
        Map(app, "OkWithoutMessage", async ctx =>
        {
            ctx.Response.ContentType = "application/grpc";
            ctx.Response.Headers["grpc-status"] = "0";
        });
        Map(app, "CompressedWithoutEncoding", async ctx =>
        {
            ctx.Response.ContentType = "application/grpc";
            await ctx.Response.Body.WriteAsync(Frame(RawGrpcClient.Gzip(new SimpleResponse().ToByteArray()), flag: 1));
            ctx.Response.AppendTrailer("grpc-status", "0");
        });
        Map(app, "BadFlag", async ctx =>
        {
            ctx.Response.ContentType = "application/grpc";
            await ctx.Response.Body.WriteAsync(Frame([], flag: 7));
            ctx.Response.AppendTrailer("grpc-status", "0");
        });
        Map(app, "NotProtobuf", async ctx =>
        {
            ctx.Response.ContentType = "application/grpc";
            await ctx.Response.Body.WriteAsync(Frame([0xff, 0xff, 0xff]));
            ctx.Response.AppendTrailer("grpc-status", "0");
        });
    }

    private static void Map(WebApplication app, string name, RequestDelegate handler) =>
        app.MapPost($"/{Service}/{name}", async ctx =>
        {
            // Read the request like a server would, so the response is not cut short by an unread body.
            await ctx.Request.Body.CopyToAsync(Stream.Null);
            await handler(ctx);
        });

    private static byte[] Frame(byte[] payload, byte flag = 0)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
