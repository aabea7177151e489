using Grpc.Core;
using Grpc.Core.Interceptors;
using Mmo.Grpc.Client;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>Client interceptors (channel.Intercept, GrpcChannelOptions.Interceptors, CallInvoker.Intercept): the headers they add and the order they run in.</summary>
public class ClientInterceptorTests
{
    private const string OrderKey = "x-order";

    [Fact]
    public async Task ChannelIntercept_SeveralInterceptors_FirstListedRunsFirstAndServerSeesHeaders()
    {
        await using var host = await StartOrderEchoHostAsync();

        var invoker = host.Channel.Intercept(new OrderInterceptor("a"), new OrderInterceptor("b"));
        var order = await EchoOrderAsync(new Interop.InteropClient(invoker));

        Assert.Equal("a,b", order);
    }

    [Fact]
    public async Task ChannelOptionsInterceptors_FirstListedRunsFirst()
    {
        await using var host = await StartOrderEchoHostAsync();
        var options = new GrpcChannelOptions();
        options.Interceptors.Add(new OrderInterceptor("first"));
        options.Interceptors.Add(new OrderInterceptor("second"));
        var client = new Interop.InteropClient(host.CreateChannel(options));

        var order = await EchoOrderAsync(client);

        Assert.Equal("first,second", order);
    }

    [Fact]
    public async Task CallInvokerIntercept_MetadataFunction_AddsHeaderServerSees()
    {
        await using var host = await StartOrderEchoHostAsync();

        var invoker = host.Channel.CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add(OrderKey, "func");
            return metadata;
        });
        var order = await EchoOrderAsync(new Interop.InteropClient(invoker));

        Assert.Equal("func", order);
    }

    [Fact]
    public async Task CallInvokerIntercept_Chained_LastAddedRunsFirstAndOptionsInterceptorsRunLast()
    {
        await using var host = await StartOrderEchoHostAsync();
        var options = new GrpcChannelOptions();
        options.Interceptors.Add(new OrderInterceptor("channel"));
        var channel = host.CreateChannel(options);

        var invoker = channel.CreateCallInvoker()
            .Intercept(new OrderInterceptor("inner"))
            .Intercept(new OrderInterceptor("outer"));
        var order = await EchoOrderAsync(new Interop.InteropClient(invoker));

        Assert.Equal("outer,inner,channel", order);
    }

    [Fact]
    public async Task ClientInterceptor_AllCallKinds_HeadersReachServer()
    {
        var seen = new CallTrace();
        var script = new ServiceScript
        {
            Unary = (request, context) =>
            {
                seen.Add("unary:" + context.RequestHeaders.GetValue(OrderKey));
                return Task.FromResult(new SimpleResponse());
            },
            ServerStreaming = (request, responses, context) =>
            {
                seen.Add("server-streaming:" + context.RequestHeaders.GetValue(OrderKey));
                return Task.CompletedTask;
            },
            ClientStreaming = (requests, context) =>
            {
                seen.Add("client-streaming:" + context.RequestHeaders.GetValue(OrderKey));
                return Task.FromResult(new StreamingInputResponse());
            },
            Duplex = (requests, responses, context) =>
            {
                seen.Add("duplex:" + context.RequestHeaders.GetValue(OrderKey));
                return Task.CompletedTask;
            },
        };
        await using var host = await ScriptedService.StartHostAsync(script);
        var client = new Interop.InteropClient(host.Channel.Intercept(new OrderInterceptor("x")));

        await client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        await Task.Run(() => client.UnaryCall(new SimpleRequest())).DefaultTimeout();
        using (var call = client.StreamingOutputCall(new StreamingOutputRequest()))
        {
            await call.ResponseStream.ToListAsync();
        }
        using (var call = client.StreamingInputCall())
        {
            await call.ResponseAsync.DefaultTimeout();
        }
        using (var call = client.FullDuplexCall())
        {
            await call.ResponseStream.ToListAsync();
        }

        Assert.Equal(["unary:x", "unary:x", "server-streaming:x", "client-streaming:x", "duplex:x"], seen.Items);
    }

    [Fact]
    public async Task ClientInterceptor_ObservesResponse_SeesResultOfContinuation()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var observer = new ResponseObservingInterceptor();
        var client = new Interop.InteropClient(host.Channel.Intercept(observer));

        await client.UnaryCallAsync(new SimpleRequest { ResponseSize = 5 }).ResponseAsync.DefaultTimeout();

        Assert.Equal(5, await observer.ResponseSize.Task.DefaultTimeout());
    }

    private static Task<GrpcTestHost> StartOrderEchoHostAsync() =>
        ScriptedService.StartHostAsync(new ServiceScript
        {
            Unary = (request, context) => Task.FromResult(new SimpleResponse
            {
                Payload = Google.Protobuf.ByteString.CopyFromUtf8(context.RequestHeaders.GetValue(OrderKey) ?? ""),
            }),
        });

    private static async Task<string> EchoOrderAsync(Interop.InteropClient client)
    {
        var response = await client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        return response.Payload.ToStringUtf8();
    }

    /// <summary>Appends its name to the x-order header, so the server sees the order interceptors ran in.</summary>

    private sealed class OrderInterceptor(string name) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithOrder(context));

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithOrder(context));

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithOrder(context));

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(WithOrder(context));

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(WithOrder(context));

        private ClientInterceptorContext<TRequest, TResponse> WithOrder<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class where TResponse : class
        {
            var headers = new Metadata();
            string? order = null;
            foreach (var entry in context.Options.Headers ?? [])
            {
                if (entry.Key == OrderKey)
                {
                    order = entry.Value;
                }
                else
                {
                    headers.Add(entry);
                }
            }
            headers.Add(OrderKey, order is null ? name : order + "," + name);
            return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
        }
    }

    private sealed class ResponseObservingInterceptor : Interceptor
    {
        public TaskCompletionSource<int> ResponseSize { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            var call = continuation(request, context);
            return new AsyncUnaryCall<TResponse>(ObserveAsync(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
        }

        private async Task<TResponse> ObserveAsync<TResponse>(Task<TResponse> response)
        {
            var result = await response;
            ResponseSize.TrySetResult(result is SimpleResponse simple ? simple.Payload.Length : -1);
            return result;
        }
    }
}
