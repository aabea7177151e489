using Grpc.Core;

namespace Mmo.Grpc.Diagnostics;

/// <summary>
/// The metric tags of one method, built once: <c>grpc_type</c>, <c>grpc_service</c>, <c>grpc_method</c>,
/// and the same plus <c>grpc_code</c> per status code. The names follow the grpc-ecosystem Prometheus
/// metrics that existing dashboards query.
/// </summary>
public sealed class GrpcMethodTags
{
    private readonly KeyValuePair<string, object?>[][] _withCode;

    public GrpcMethodTags(IMethod method)
    {
        Method =
        [
            new("grpc_type", TypeName(method.Type)),
            new("grpc_service", method.ServiceName),
            new("grpc_method", method.Name),
        ];
        _withCode = new KeyValuePair<string, object?>[(int)StatusCode.Unauthenticated + 2][];
        for (var code = 0; code < _withCode.Length; code++)
        {
            var name = code <= (int)StatusCode.Unauthenticated ? ((StatusCode)code).ToString() : "Invalid";
            _withCode[code] = [.. Method, new("grpc_code", name)];
        }
    }

    /// <summary>Type, service and method.</summary>
    public KeyValuePair<string, object?>[] Method { get; }

    /// <summary>Type, service, method and the status code's name.</summary>
    public ReadOnlySpan<KeyValuePair<string, object?>> WithCode(StatusCode code) =>
        (uint)code < _withCode.Length - 1 ? _withCode[(int)code] : _withCode[^1];

    private static string TypeName(MethodType type) => type switch
    {
        MethodType.Unary => "unary",
        MethodType.ClientStreaming => "client_stream",
        MethodType.ServerStreaming => "server_stream",
        _ => "bidi_stream",
    };
}
