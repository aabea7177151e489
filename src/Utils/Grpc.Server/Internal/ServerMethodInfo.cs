using Grpc.Core;
using Mmo.Grpc.Diagnostics;

namespace Mmo.Grpc.Server.Internal;

/// <summary>Endpoint metadata naming the gRPC method an endpoint serves (read by logs and metrics).</summary>
public sealed class ServerMethodInfo(IMethod method)
{
    public IMethod Method { get; } = method;

    public string FullName => Method.FullName;

    public MethodType Type => Method.Type;

    /// <summary>The method's metric tags, built once.</summary>
    public GrpcMethodTags Tags { get; } = new(method);
}
