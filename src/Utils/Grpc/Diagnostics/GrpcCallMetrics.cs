using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;

namespace Mmo.Grpc.Diagnostics;

/// <summary>
/// Counters and a handling-time histogram of gRPC calls on one side (server or client), exported as
/// <c>grpc_{side}_started_total</c>, <c>grpc_{side}_handled_total</c>, <c>grpc_{side}_msg_received_total</c>,
/// <c>grpc_{side}_msg_sent_total</c> and <c>grpc_{side}_handling_seconds</c>.
/// </summary>
public sealed class GrpcCallMetrics
{
    private readonly Counter<long> _started;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;
    private readonly Histogram<double> _handling;

    /// <param name="meter">The meter to create instruments on (e.g. <c>Mmo.Grpc.Server</c>).</param>
    /// <param name="side"><c>server</c> or <c>client</c>.</param>
    public GrpcCallMetrics(Meter meter, string side)
    {
        _started = meter.CreateCounter<long>($"grpc.{side}.started", "{call}", $"gRPC calls started on the {side}.");
        _handled = meter.CreateCounter<long>($"grpc.{side}.handled", "{call}", $"gRPC calls completed on the {side}, by status code.");
        _received = meter.CreateCounter<long>($"grpc.{side}.msg.received", "{message}", $"gRPC messages received by the {side}.");
        _sent = meter.CreateCounter<long>($"grpc.{side}.msg.sent", "{message}", $"gRPC messages sent by the {side}.");
        _handling = meter.CreateHistogram<double>($"grpc.{side}.handling", "s", $"Time from the start of a gRPC call to its status on the {side}.");
    }

    public void Started(GrpcMethodTags tags) => _started.Add(1, tags.Method);

    public void MessageReceived(GrpcMethodTags tags) => _received.Add(1, tags.Method);

    public void MessageSent(GrpcMethodTags tags) => _sent.Add(1, tags.Method);

    /// <summary>Records the end of a call begun at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void Handled(GrpcMethodTags tags, StatusCode code, long startTimestamp)
    {
        _handled.Add(1, tags.WithCode(code));
        if (_handling.Enabled)
        {
            _handling.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags.Method);
        }
    }
}
