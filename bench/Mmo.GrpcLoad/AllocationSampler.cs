using System.Diagnostics.Tracing;

namespace Mmo.GrpcLoad;

/// <summary>
/// Samples what this process allocates, from the runtime's GCAllocationTick events (one event each
/// ~100 KB allocated per heap, naming the type whose allocation crossed the mark), through an in-process
/// EventListener: no dotnet-trace needed. A type's share of the sampled bytes estimates its share of all
/// bytes allocated. Only switched on with --alloc-profile: the events cost time, so runs that profile
/// report lower throughput.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;
    private readonly Lock _lock = new();
    private Dictionary<string, long>? _bytesByType;

    public void Start()
    {
        lock (_lock)
        {
            _bytesByType = new Dictionary<string, long>(StringComparer.Ordinal);
        }
    }

    /// <summary>Stops sampling and returns the types by sampled bytes, largest first.</summary>
    public IReadOnlyList<AllocationSample> StopAndTake()
    {
        Dictionary<string, long>? bytes;
        lock (_lock)
        {
            bytes = _bytesByType;
            _bytesByType = null;
        }
        if (bytes is null || bytes.Count == 0)
        {
            return [];
        }
        var total = (double)bytes.Values.Sum();
        return bytes.OrderByDescending(p => p.Value).Select(p => new AllocationSample(p.Key, p.Value, p.Value / total)).ToList();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null || eventData.Payload is null)
        {
            return;
        }
        var typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || amountIndex < 0)
        {
            return;
        }
        var type = eventData.Payload[typeIndex] as string ?? "?";
        var amount = Convert.ToInt64(eventData.Payload[amountIndex], System.Globalization.CultureInfo.InvariantCulture);
        lock (_lock)
        {
            if (_bytesByType is { } bytes)
            {
                bytes[type] = bytes.GetValueOrDefault(type) + amount;
            }
        }
    }
}

/// <summary>
/// Groups sampled types by the code that allocates them, from the namespaces in the type name (a state
/// machine box is named after its method's type). Heuristic: BCL types used by everyone (string, Task,
/// CancellationTokenSource nodes) cannot be attributed and stay in their own group.
/// </summary>
internal static class AllocationCategories
{
    private static readonly (string Category, string[] Markers)[] Rules =
    [
        ("Mmo.Grpc client", ["Mmo.Grpc.Client"]),
        ("Mmo.Grpc server", ["Mmo.Grpc.Server"]),
        ("Mmo.Grpc shared (wire, Grpc.Core API)", ["Mmo.Grpc.Internal", "Grpc.Core."]),
        ("messages (protobuf)", ["Mmo.Testing", "Google.Protobuf"]),
        ("Kestrel / ASP.NET Core", ["Kestrel", "Microsoft.AspNetCore", "Microsoft.Extensions"]),
        ("HttpClient (SocketsHttpHandler)", ["System.Net.Http", "Http2Stream", "Http2WriteStream", "Http2ReadStream", "WriteQueueEntry", "HttpConnection", "HeaderEntry"]),
    ];

    public static string Of(string typeName)
    {
        foreach (var (category, markers) in Rules)
        {
            if (markers.Any(m => typeName.Contains(m, StringComparison.Ordinal)))
            {
                return category;
            }
        }
        return "BCL, not attributed (string, Task, CTS, timers, ...)";
    }
}
