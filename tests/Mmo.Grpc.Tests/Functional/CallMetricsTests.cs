using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Mmo.Grpc.Diagnostics;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Functional;

/// <summary>The runtime counts calls, messages and status codes on both sides (grpc_server_* / grpc_client_*).</summary>
public class CallMetricsTests
{
    [Fact]
    public async Task ServerMetrics_UnaryCalls_CountStartedHandledAndMessagesByCode()
    {
        await using var host = await GrpcTestHost.StartAsync();
        var factory = host.GetRequiredService<IMeterFactory>();
        using var recorder = new MeasurementRecorder(instrument => instrument.Meter.Scope == factory);

        await host.Client.UnaryCallAsync(new SimpleRequest()).ResponseAsync.DefaultTimeout();
        var ex = await Assert.ThrowsAsync<RpcException>(() => host.Client.UnaryCallAsync(new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.NotFound } }).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal(2, recorder.Sum("grpc.server.started", ("grpc_method", "UnaryCall")));
        Assert.Equal(1, recorder.Sum("grpc.server.handled", ("grpc_method", "UnaryCall"), ("grpc_code", "OK")));
        Assert.Equal(1, recorder.Sum("grpc.server.handled", ("grpc_method", "UnaryCall"), ("grpc_code", "NotFound")));
        Assert.Equal(2, recorder.Sum("grpc.server.msg.received", ("grpc_method", "UnaryCall")));
        Assert.Equal(1, recorder.Sum("grpc.server.msg.sent", ("grpc_method", "UnaryCall")));
        Assert.Equal(2, recorder.Count("grpc.server.handling", ("grpc_type", "unary")));
    }

    [Fact]
    public async Task ClientMetrics_ServerStream_CountsEachMessageAndTheCode()
    {
        await using var host = await GrpcTestHost.StartAsync();
        // The client meter is process-wide: a status code no other test asks for keeps this test's counts apart.
        using var recorder = new MeasurementRecorder(instrument => instrument.Meter.Name == GrpcClientMetrics.MeterName);
        var request = new StreamingOutputRequest { ResponseSizes = { 1, 2, 3 }, ResponseStatus = new EchoStatus { Code = (int)StatusCode.DataLoss } };

        using var call = host.Client.StreamingOutputCall(request);
        var received = 0;
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None).DefaultTimeout())
            {
                received++;
            }
        });

        Assert.Equal(StatusCode.DataLoss, ex.StatusCode);
        Assert.Equal(3, received);
        Assert.Equal(1, recorder.Sum("grpc.client.handled", ("grpc_method", "StreamingOutputCall"), ("grpc_code", "DataLoss")));
        Assert.True(recorder.Sum("grpc.client.msg.received", ("grpc_method", "StreamingOutputCall")) >= 3);
    }

    /// <summary>Collects measurements of the instruments a filter enables.</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public MeasurementRecorder(Func<Instrument, bool> filter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (filter(instrument))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.Start();
        }

        public double Sum(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Sum(m => m.Value);

        public int Count(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags).Count();

        public void Dispose() => _listener.Dispose();

        private IEnumerable<(string Name, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string instrument, (string Key, string Value)[] tags) =>
            _measurements.Where(m => m.Name == instrument && tags.All(t => m.Tags.Any(kv => kv.Key == t.Key && (string?)kv.Value == t.Value)));
    }
}
