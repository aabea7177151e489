using Mmo.Grpc.Diagnostics;

namespace Mmo.Grpc.Client;

/// <summary>What a channel keeps per method: the request URI and the metric tags.</summary>
internal sealed record ClientMethodInfo(Uri Uri, GrpcMethodTags Tags);
