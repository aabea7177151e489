using System.Diagnostics.Metrics;
using Mmo.Grpc.Diagnostics;

namespace Mmo.Grpc.Server;

/// <summary>The server's call metrics, on the host's meter <c>Mmo.Grpc.Server</c> (exported as <c>grpc_server_*</c>).</summary>
public sealed class GrpcServerMetrics
{
    public const string MeterName = "Mmo.Grpc.Server";

    public GrpcServerMetrics(IMeterFactory meterFactory)
    {
        Calls = new GrpcCallMetrics(meterFactory.Create(MeterName), "server");
    }

    internal GrpcCallMetrics Calls { get; }
}
