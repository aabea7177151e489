using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Testing;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>Call metadata on the wire: request headers, response headers and trailers, text and binary.</summary>
public class MetadataRoundTripTests
{
    [Fact]
    public async Task UnaryCall_RepeatedRequestKeys_ServerSeesEveryValue()
    {
        Metadata? seen = null;
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            Unary = (request, context) =>
            {
                seen = context.RequestHeaders;
                return Task.FromResult(new SimpleResponse());
            },
        });
        var headers = new Metadata
        {
            { "x-multi", "a" },
            { "x-multi", "b" },
            { "x-multi-bin", new byte[] { 1 } },
            { "x-multi-bin", new byte[] { 2, 3 } },
        };

        await host.Client.UnaryCallAsync(new SimpleRequest(), headers).ResponseAsync.DefaultTimeout();

        // HttpClient joins repeated fields with ", " (the same header in HTTP terms); binary values must still come apart.
        Assert.NotNull(seen);
        Assert.Equal("a, b", string.Join(", ", seen.GetAll("x-multi").Select(e => e.Value)));
        Assert.Equal([new byte[] { 1 }, new byte[] { 2, 3 }], seen.GetAll("x-multi-bin").Select(e => e.ValueBytes));
    }

    [Fact]
    public async Task UnaryCall_RepeatedResponseKeys_ClientSeesEveryValueInOrder()
    {
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            Unary = async (request, context) =>
            {
                await context.WriteResponseHeadersAsync(new Metadata { { "h", "1" }, { "h", "2" }, { "h-bin", new byte[] { 9 } }, { "h-bin", new byte[] { 8 } } });
                context.ResponseTrailers.Add("t", "1");
                context.ResponseTrailers.Add("t", "2");
                context.ResponseTrailers.Add("t-bin", new byte[] { 7 });
                context.ResponseTrailers.Add("t-bin", new byte[] { 6, 5 });
                return new SimpleResponse();
            },
        });

        using var call = host.Client.UnaryCallAsync(new SimpleRequest());
        await call.ResponseAsync.DefaultTimeout();
        var headers = await call.ResponseHeadersAsync.DefaultTimeout();
        var trailers = call.GetTrailers();

        Assert.Equal(["1", "2"], headers.GetAll("h").Select(e => e.Value));
        Assert.Equal([new byte[] { 9 }, new byte[] { 8 }], headers.GetAll("h-bin").Select(e => e.ValueBytes));
        Assert.Equal(["1", "2"], trailers.GetAll("t").Select(e => e.Value));
        Assert.Equal([new byte[] { 7 }, new byte[] { 6, 5 }], trailers.GetAll("t-bin").Select(e => e.ValueBytes));
    }

    [Fact]
    public async Task UnaryCall_LargeTextAndBinaryValues_RoundTrip()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var text = new string('x', 8000);
        var bytes = new byte[6000];
        Random.Shared.NextBytes(bytes);

        using var call = host.Client.UnaryCallAsync(new SimpleRequest(), new Metadata { { InteropService.EchoInitialKey, text }, { InteropService.EchoTrailingKey, bytes } });
        await call.ResponseAsync.DefaultTimeout();

        Assert.Equal(text, (await call.ResponseHeadersAsync.DefaultTimeout()).GetValue(InteropService.EchoInitialKey));
        Assert.Equal(bytes, call.GetTrailers().GetValueBytes(InteropService.EchoTrailingKey));
    }

    [Fact]
    public async Task UnaryCall_HeadersThenError_HeadersArriveAndStatusFromTrailers()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.ResourceExhausted, Message = "quota" } };
        var headers = new Metadata { { InteropService.EchoInitialKey, "early" }, { InteropService.EchoTrailingKey, new byte[] { 5 } } };

        using var call = host.Client.UnaryCallAsync(request, headers);
        var responseHeaders = await call.ResponseHeadersAsync.DefaultTimeout();
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync).DefaultTimeout();

        Assert.Equal("early", responseHeaders.GetValue(InteropService.EchoInitialKey));
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("quota", ex.Status.Detail);
        Assert.Equal(new byte[] { 5 }, ex.Trailers.GetValueBytes(InteropService.EchoTrailingKey));
    }

    [Fact]
    public async Task ResponseHeadersAsync_CallFailsBeforeResponse_ThrowsWithStatus()
    {
        await using var host = await GrpcTestHost.StartAsync();

        using var call = host.Client.UnaryCallAsync(new SimpleRequest(), deadline: DateTime.UtcNow.AddSeconds(-1));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseHeadersAsync).DefaultTimeout();

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task WithHost_GeneratedClient_ServerSeesAuthority()
    {
        string? host1 = null;
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            Unary = (request, context) =>
            {
                host1 = context.Host;
                return Task.FromResult(new SimpleResponse());
            },
        });

        await host.Client.WithHost("game.example:443").UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();

        Assert.Equal("game.example:443", host1);
    }

    [Fact]
    public async Task WriteResponseHeadersAsync_CalledTwice_SecondThrows()
    {
        Exception? second = null;
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            Unary = async (request, context) =>
            {
                await context.WriteResponseHeadersAsync(new Metadata { { "a", "1" } });
                second = await Record.ExceptionAsync(() => context.WriteResponseHeadersAsync(new Metadata { { "b", "2" } }));
                return new SimpleResponse();
            },
        });

        using var call = host.Client.UnaryCallAsync(new SimpleRequest());
        await call.ResponseAsync.DefaultTimeout();

        Assert.IsType<InvalidOperationException>(second);
        Assert.Null((await call.ResponseHeadersAsync.DefaultTimeout()).Get("b"));
    }

    [Fact]
    public async Task ResponseHeadersAsync_ServerStreamingBeforeFirstMessage_HeadersFromWriteResponseHeaders()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await ScriptedService.StartHostAsync(new ServiceScript
        {
            ServerStreaming = async (request, responses, context) =>
            {
                await context.WriteResponseHeadersAsync(new Metadata { { "x-ready", "yes" } });
                await release.Task.WaitAsync(context.CancellationToken);
                await responses.WriteAsync(new SimpleResponse { Payload = ByteString.CopyFromUtf8("x") });
            },
        });

        using var call = host.Client.StreamingOutputCall(new StreamingOutputRequest());
        var headers = await call.ResponseHeadersAsync.DefaultTimeout();
        release.SetResult();
        var messages = await call.ResponseStream.ToListAsync();

        Assert.Equal("yes", headers.GetValue("x-ready"));
        Assert.Single(messages);
    }

    [Fact]
    public async Task UnaryCall_ServerSetsResponseHeadersAndTrailers_ClientSeesBoth()
    {
        var script = new ServiceScript
        {
            Unary = async (request, context) =>
            {
                await context.WriteResponseHeadersAsync(new Metadata { { "x-header", "h" }, { "x-header-bin", new byte[] { 1, 2 } } });
                context.ResponseTrailers.Add("x-trailer", "t");
                return new SimpleResponse { ReceivedSize = 1 };
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script);

        using var call = host.Client.UnaryCallAsync(new SimpleRequest());
        await call.ResponseAsync.DefaultTimeout();
        var headers = await call.ResponseHeadersAsync.DefaultTimeout();

        Assert.Equal("h", headers.GetValue("x-header"));
        Assert.Equal(new byte[] { 1, 2 }, headers.GetValueBytes("x-header-bin"));
        Assert.Equal("t", call.GetTrailers().GetValue("x-trailer"));
        Assert.Null(call.GetTrailers().Get("x-header"));
    }

    [Fact]
    public async Task UnaryCall_ServiceReadsRequestMetadata_SeesCallerHeadersButNoProtocolHeaders()
    {
        Metadata? seen = null;
        string? method = null;
        string? peer = null;
        var script = new ServiceScript
        {
            Unary = (request, context) =>
            {
                seen = context.RequestHeaders;
                method = context.Method;
                peer = context.Peer;
                return Task.FromResult(new SimpleResponse());
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script);

        await host.Client.UnaryCallAsync(new SimpleRequest(), new Metadata { { "x-text", "v" }, { "x-data-bin", new byte[] { 0, 255 } } }, DateTime.UtcNow.AddMinutes(1)).ResponseAsync.DefaultTimeout();

        Assert.NotNull(seen);
        Assert.Equal("v", seen.GetValue("x-text"));
        Assert.Equal(new byte[] { 0, 255 }, seen.GetValueBytes("x-data-bin"));
        Assert.DoesNotContain(seen, e => e.Key.StartsWith("grpc-", StringComparison.Ordinal) || e.Key.StartsWith(':') || e.Key is "te" or "content-type");
        Assert.Equal("/mmo.testing.v1.Interop/UnaryCall", method);
        Assert.StartsWith("ipv4:127.0.0.1:", peer);
    }
}
