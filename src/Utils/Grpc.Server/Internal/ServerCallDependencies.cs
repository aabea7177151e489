using Microsoft.Extensions.Logging;
using Mmo.Grpc.Diagnostics;

namespace Mmo.Grpc.Server.Internal;

/// <summary>What every call of a mapped service shares: options, logger and metrics.</summary>
internal sealed record ServerCallDependencies(GrpcServiceOptions Options, ILogger Logger, GrpcCallMetrics Metrics);
