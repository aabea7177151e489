using System.Net;
using Grpc.Core;
using Mmo.Grpc.Testing;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>How statuses, messages and error trailers travel from a service to the caller.</summary>
public class StatusTests
{
    [Theory]
    [InlineData(StatusCode.Cancelled)]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.NotFound)]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Internal)]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.Unauthenticated)]
    public async Task UnaryCall_ServiceThrowsRpcException_ClientSeesExactCode(StatusCode code)
    {
        await using var host = await GrpcTestHost.StartAsync();
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)code, Message = "detail " + code } };

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(request).ResponseAsync).DefaultTimeout();

        Assert.Equal(code, ex.StatusCode);
        Assert.Equal("detail " + code, ex.Status.Detail);
    }

    [Theory]
    [InlineData("données ☃ 世界")]
    [InlineData("100% sure")]
    [InlineData("%41 is not A")]
    [InlineData("line\r\nbreak\ttab")]
    [InlineData("emoji 🎮 and ASCII ~!@#$^&*()")]
    public async Task UnaryCall_NonAsciiStatusMessage_RoundTripsExactly(string message)
    {
        await using var host = await GrpcTestHost.StartAsync();
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.InvalidArgument, Message = message } };

        using var call = host.Client.UnaryCallAsync(request);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(message, ex.Status.Detail);
        Assert.Equal(message, call.GetStatus().Detail);
    }

    [Fact]
    public async Task StreamingOutputCall_NonAsciiMessageInTrailers_RoundTripsExactly()
    {
        await using var host = await GrpcTestHost.StartAsync();
        const string message = "après 2 messages: ошибка";
        var request = new StreamingOutputRequest { ResponseSizes = { 1, 1 }, ResponseStatus = new EchoStatus { Code = (int)StatusCode.Aborted, Message = message } };

        using var call = host.Client.StreamingOutputCall(request);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.ToListAsync()).DefaultTimeout();

        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
        Assert.Equal(message, ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_ErrorBeforeAnyMessage_TrailersOnlyResponseCarriesTrailerMetadata()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.NotFound, Message = "gone" } };
        var headers = new Metadata { { InteropService.EchoTrailingKey, new byte[] { 0, 1, 0xfe, 0xff } } };

        using var call = host.Client.UnaryCallAsync(request, headers);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal(new byte[] { 0, 1, 0xfe, 0xff }, ex.Trailers.GetValueBytes(InteropService.EchoTrailingKey));
        Assert.Equal(new byte[] { 0, 1, 0xfe, 0xff }, call.GetTrailers().GetValueBytes(InteropService.EchoTrailingKey));
    }

    [Fact]
    public async Task UnaryCall_RpcExceptionWithTrailers_TrailersReachCaller()
    {
        var script = new ServiceScript
        {
            Unary = (request, context) =>
            {
                context.ResponseTrailers.Add("x-from-context", "1");
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "precondition"), new Metadata { { "x-from-exception", "2" }, { "x-raw-bin", new byte[] { 7 } } });
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script);

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("1", ex.Trailers.GetValue("x-from-context"));
        Assert.Equal("2", ex.Trailers.GetValue("x-from-exception"));
        Assert.Equal(new byte[] { 7 }, ex.Trailers.GetValueBytes("x-raw-bin"));
    }

    [Fact]
    public async Task UnaryCall_ErrorWithRawHttpClient_StatusIsInResponseHeaders()
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.OutOfRange, Message = "é" } };

        var response = await raw.PostAsync(RawGrpcClient.UnaryPath, RawGrpcClient.Frame(request)).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.True(response.IsTrailersOnly);
        Assert.Equal((int)StatusCode.OutOfRange, response.GrpcStatus);
        Assert.Equal("%C3%A9", response.GrpcMessage);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task UnaryCall_ServiceThrowsPlainException_UnknownWithGenericMessage()
    {
        var script = new ServiceScript { Unary = (_, _) => throw new InvalidOperationException("secret database detail") };
        await using var host = await ScriptedService.StartHostAsync(script);
        host.Logs.ExpectError(r => r.Exception is InvalidOperationException { Message: "secret database detail" });

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.DoesNotContain("secret", ex.Status.Detail);
        Assert.Equal("Exception was thrown by handler.", ex.Status.Detail);
        var logged = await host.Logs.WaitForAsync(r => r.Exception is InvalidOperationException).DefaultTimeout();
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, logged.Level);
    }

    [Fact]
    public async Task UnaryCall_ServiceThrowsPlainExceptionWithDetailedErrors_MessageReachesCaller()
    {
        var script = new ServiceScript { Unary = (_, _) => throw new InvalidOperationException("the detail") };
        await using var host = await ScriptedService.StartHostAsync(script, o => o.EnableDetailedErrors = true);
        host.Logs.ExpectError(r => r.Exception is InvalidOperationException);

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.Contains("InvalidOperationException", ex.Status.Detail);
        Assert.Contains("the detail", ex.Status.Detail);
    }

    [Fact]
    public async Task StreamingOutputCall_ServiceThrowsAfterMessages_UnknownInTrailers()
    {
        var script = new ServiceScript
        {
            ServerStreaming = async (request, responses, context) =>
            {
                await responses.WriteAsync(new SimpleResponse { ReceivedSize = 1 });
                throw new InvalidOperationException("boom");
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script);
        host.Logs.ExpectError(r => r.Exception is InvalidOperationException { Message: "boom" });

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
        Assert.DoesNotContain("boom", ex.Status.Detail);
    }

    [Fact]
    public async Task UnaryCall_ServiceSetsStatusAndReturns_ClientSeesThatStatus()
    {
        var script = new ServiceScript
        {
            Unary = (request, context) =>
            {
                context.Status = new Status(StatusCode.AlreadyExists, "exists");
                return Task.FromResult(new SimpleResponse());
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script);

        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
        Assert.Equal("exists", ex.Status.Detail);
    }

    [Fact]
    public async Task StreamingInputCall_MethodNotOverridden_Unimplemented()
    {
        await using var host = await GrpcTestHost.StartAsync<UnaryOnlyService>();

        using var call = host.Client.StreamingInputCall();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        var works = await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        Assert.NotNull(works);
    }

    [Fact]
    public async Task FullDuplexCall_MethodNotOverridden_Unimplemented()
    {
        await using var host = await GrpcTestHost.StartAsync<UnaryOnlyService>();

        using var call = host.Client.FullDuplexCall();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None)).DefaultTimeout();

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task UnaryCall_UnknownMethod_Unimplemented()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var method = TestMethods.Unary("mmo.testing.v1.Interop", "NoSuchMethod");

        using var call = host.Channel.CreateCallInvoker().AsyncUnaryCall(method, null, default, new SimpleRequest());
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Theory]
    [InlineData("/mmo.testing.v1.Interop/NoSuchMethod")]
    [InlineData("/no.such.Service/UnaryCall")]
    public async Task Post_UnknownPathWithRawH2c_Http200AndGrpcStatus12(string path)
    {
        await using var host = await GrpcTestHost.StartAsync();
        using var raw = new RawGrpcClient(host.Address);

        var response = await raw.PostAsync(path, []).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal("application/grpc", response.ContentType);
        Assert.Equal((int)StatusCode.Unimplemented, response.GrpcStatus);
        Assert.True(response.IsTrailersOnly);
        var next = await raw.GoodUnaryAsync().DefaultTimeout();
        Assert.Equal(0, next.GrpcStatus);
    }
}
