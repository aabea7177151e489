using Grpc.Core;

namespace Mmo.Resilience.Diagnostics;

/// <summary>Status codes as grpc's doc/statuscodes.md spells them (<c>UNAVAILABLE</c>), for metric tags; no allocation per call.</summary>
internal static class StatusNames
{
    private static readonly string[] Names =
    [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
        "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
        "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];

    public static string Of(StatusCode status) => (uint)status < (uint)Names.Length ? Names[(int)status] : "UNKNOWN";
}
