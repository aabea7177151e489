using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Client;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.PeerInterop;

/// <summary>
/// Our client's side of the interop cases of tests/interop/README.md, with the same requests and the
/// same checks as tests/interop/python/client.py. Every call has a deadline, so a broken server fails
/// a case instead of hanging it.
/// </summary>
public sealed class InteropClientCases(GrpcChannel channel)
{
    /// <summary>Upper bound of any call of a case, as in the peers' clients.</summary>
    public static readonly TimeSpan CaseDeadline = TimeSpan.FromSeconds(10);

    public const string UnicodeMessage = "donn\u00e9es \u2603 \u4e16\u754c"; // "données ☃ 世界"
    public const string EchoInitialKey = "x-echo-initial";
    public const string EchoTrailingKey = "x-echo-trailing-bin";
    public const string EchoInitialValue = "hello-initial";

    private static readonly byte[] EchoTrailingValue = [0x00, 0x01, 0xFE, 0xFF];

    private readonly Interop.InteropClient _client = new(channel);

    /// <summary>The case names, in the peers' order.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "unary", "server_streaming", "client_streaming", "bidi_streaming", "error_status",
        "deadline_exceeded", "large_message", "metadata", "unimplemented", "cancel",
    ];

    public Task RunAsync(string name) => name switch
    {
        "unary" => UnaryAsync(),
        "server_streaming" => ServerStreamingAsync(),
        "client_streaming" => ClientStreamingAsync(),
        "bidi_streaming" => BidiStreamingAsync(),
        "error_status" => ErrorStatusAsync(),
        "deadline_exceeded" => DeadlineExceededAsync(),
        "large_message" => LargeMessageAsync(),
        "metadata" => MetadataAsync(),
        "unimplemented" => UnimplementedAsync(),
        "cancel" => CancelAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown interop case."),
    };

    private async Task UnaryAsync()
    {
        var response = await _client.UnaryCallAsync(new SimpleRequest { Payload = Payload(100), ResponseSize = 200 }, deadline: Deadline());
        ExpectEqual(200, response.Payload.Length, "response payload size");
        Expect(response.Payload.All(b => b == (byte)'a'), "response payload is not all 'a'");
        ExpectEqual(100, response.ReceivedSize, "received_size");
    }

    private async Task ServerStreamingAsync()
    {
        int[] sizes = [10, 20, 30, 40];
        using var call = _client.StreamingOutputCall(new StreamingOutputRequest { ResponseSizes = { sizes } }, deadline: Deadline());
        var received = new List<int>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            received.Add(call.ResponseStream.Current.Payload.Length);
        }
        ExpectEqual(string.Join(", ", sizes), string.Join(", ", received), "response sizes");
        ExpectStatus(StatusCode.OK, call.GetStatus(), "final status");
    }

    private async Task ClientStreamingAsync()
    {
        using var call = _client.StreamingInputCall(deadline: Deadline());
        foreach (var size in new[] { 1, 10, 100, 1000 })
        {
            await call.RequestStream.WriteAsync(new SimpleRequest { Payload = Payload(size) });
        }
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;
        ExpectEqual(1111, response.AggregatedPayloadSize, "aggregated_payload_size");
        ExpectEqual(4, response.Count, "count");
    }

    private async Task BidiStreamingAsync()
    {
        using var call = _client.FullDuplexCall(deadline: Deadline());
        for (var i = 1; i <= 4; i++)
        {
            await call.RequestStream.WriteAsync(new SimpleRequest { Payload = Payload(i), ResponseSize = i * 10 });
            Expect(await call.ResponseStream.MoveNext(CancellationToken.None), $"stream ended before response {i}");
            ExpectEqual(i * 10, call.ResponseStream.Current.Payload.Length, $"response {i} size");
            ExpectEqual(i, call.ResponseStream.Current.ReceivedSize, $"response {i} received_size");
        }
        await call.RequestStream.CompleteAsync();
        var extra = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            extra++;
        }
        ExpectEqual(0, extra, "messages after half-close");
        ExpectStatus(StatusCode.OK, call.GetStatus(), "final status");
    }

    private async Task ErrorStatusAsync()
    {
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.InvalidArgument, Message = UnicodeMessage } };
        var error = await ExpectRpcErrorAsync(async () => await _client.UnaryCallAsync(request, deadline: Deadline()), StatusCode.InvalidArgument, "UnaryCall");
        ExpectEqual(UnicodeMessage, error.Status.Detail, "status message");
    }

    private async Task DeadlineExceededAsync()
    {
        var request = new SimpleRequest { DelayMs = 2000 };
        await ExpectRpcErrorAsync(async () => await _client.UnaryCallAsync(request, deadline: Deadline(TimeSpan.FromMilliseconds(200))), StatusCode.DeadlineExceeded, "UnaryCall with 200 ms deadline");
    }

    private async Task LargeMessageAsync()
    {
        const int size = 1024 * 1024;
        var response = await _client.UnaryCallAsync(new SimpleRequest { Payload = Payload(size), ResponseSize = size }, deadline: Deadline());
        ExpectEqual(size, response.Payload.Length, "response payload size");
        ExpectEqual(size, response.ReceivedSize, "received_size");
    }

    private async Task MetadataAsync()
    {
        using (var unary = _client.UnaryCallAsync(new SimpleRequest { ResponseSize = 1 }, EchoMetadata(), Deadline()))
        {
            await unary.ResponseAsync;
            CheckEchoedMetadata(await unary.ResponseHeadersAsync, unary.GetTrailers(), "UnaryCall");
        }

        using var call = _client.FullDuplexCall(EchoMetadata(), Deadline());
        await call.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = 1 });
        Expect(await call.ResponseStream.MoveNext(CancellationToken.None), "FullDuplexCall ended before its response");
        ExpectEqual(1, call.ResponseStream.Current.Payload.Length, "FullDuplexCall response size");
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
        ExpectStatus(StatusCode.OK, call.GetStatus(), "FullDuplexCall final status");
        CheckEchoedMetadata(await call.ResponseHeadersAsync, call.GetTrailers(), "FullDuplexCall");
    }

    private async Task UnimplementedAsync()
    {
        var raw = Marshallers.Create<byte[]>(bytes => bytes, bytes => bytes);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "mmo.testing.v1.Interop", "NoSuchMethod", raw, raw);
        var invoker = channel.CreateCallInvoker();
        await ExpectRpcErrorAsync(
            async () =>
            {
                using var call = invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: Deadline()), []);
                await call.ResponseAsync;
            },
            StatusCode.Unimplemented,
            "NoSuchMethod");
    }

    private async Task CancelAsync()
    {
        using var cancellation = new CancellationTokenSource();
        using var call = _client.FullDuplexCall(deadline: Deadline(), cancellationToken: cancellation.Token);
        await call.RequestStream.WriteAsync(new SimpleRequest { ResponseSize = 5 });
        Expect(await call.ResponseStream.MoveNext(CancellationToken.None), "stream ended before the first response");
        ExpectEqual(5, call.ResponseStream.Current.Payload.Length, "response size");
        await cancellation.CancelAsync();
        ExpectStatus(StatusCode.Cancelled, call.GetStatus(), "status after cancel");
        await ExpectRpcErrorAsync(() => call.ResponseStream.MoveNext(CancellationToken.None), StatusCode.Cancelled, "reading after cancel");
    }

    private static DateTime Deadline(TimeSpan? timeout = null) => DateTime.UtcNow + (timeout ?? CaseDeadline);

    private static ByteString Payload(int size) => ByteString.CopyFrom(new byte[size]);

    private static Metadata EchoMetadata() => new()
    {
        { EchoInitialKey, EchoInitialValue },
        { EchoTrailingKey, EchoTrailingValue },
    };

    private static void CheckEchoedMetadata(Metadata headers, Metadata trailers, string what)
    {
        ExpectEqual(EchoInitialValue, headers.Get(EchoInitialKey)?.Value, $"{what} initial metadata {EchoInitialKey}");
        var trailing = trailers.Get(EchoTrailingKey)?.ValueBytes;
        ExpectEqual(Convert.ToHexString(EchoTrailingValue), trailing is null ? null : Convert.ToHexString(trailing), $"{what} trailing metadata {EchoTrailingKey}");
    }

    private static async Task<RpcException> ExpectRpcErrorAsync(Func<Task> call, StatusCode expected, string what)
    {
        try
        {
            await call();
        }
        catch (RpcException error)
        {
            if (error.StatusCode != expected)
            {
                Assert.Fail($"{what}: expected status {Name(expected)}, got {Name(error.StatusCode)} ({error.Status.Detail})");
            }
            return error;
        }
        Assert.Fail($"{what}: expected {Name(expected)}, but the call succeeded");
        throw new System.Diagnostics.UnreachableException();
    }

    private static void ExpectStatus(StatusCode expected, Status actual, string what)
    {
        if (actual.StatusCode != expected)
        {
            Assert.Fail($"{what}: expected {Name(expected)}, got {Name(actual.StatusCode)} ({actual.Detail})");
        }
    }

    private static void ExpectEqual<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            Assert.Fail($"{what}: expected {expected}, got {actual}");
        }
    }

    private static void Expect(bool condition, string reason)
    {
        if (!condition)
        {
            Assert.Fail(reason);
        }
    }

    private static string Name(StatusCode code) => $"{code} ({(int)code})";
}
