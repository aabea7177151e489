using System.Diagnostics.Metrics;

namespace Mmo.Grpc.Diagnostics;

/// <summary>
/// Client call metrics on the meter <c>Mmo.Grpc.Client</c> (exported as <c>grpc_client_*</c>). Channels
/// are not created through DI, so the meter is process-wide; every channel of the process adds to it.
/// </summary>
public static class GrpcClientMetrics
{
    public const string MeterName = "Mmo.Grpc.Client";

    private static readonly Meter Meter = new(MeterName);

    internal static GrpcCallMetrics Calls { get; } = new(Meter, "client");
}
