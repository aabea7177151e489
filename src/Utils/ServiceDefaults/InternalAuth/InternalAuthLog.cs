using Microsoft.Extensions.Logging;

namespace Mmo.ServiceDefaults.InternalAuth;

internal static partial class InternalAuthLog
{
    [LoggerMessage(100, LogLevel.Warning, "Refused an internal call to {Path} from {Remote}: missing or invalid internal key.")]
    public static partial void Rejected(ILogger logger, string path, string remote);

    [LoggerMessage(101, LogLevel.Warning, "INSECURE: no InternalAuth:Key is configured, so the public development key protects internal gRPC calls. Set InternalAuth__Key (at least 32 characters, from a secret) outside development.")]
    public static partial void UsingDevelopmentKey(ILogger logger);
}
