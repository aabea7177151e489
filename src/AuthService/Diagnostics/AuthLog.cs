namespace Mmo.AuthService.Diagnostics;

/// <summary>The AuthService's log messages.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(1, LogLevel.Warning, "Redis unavailable for {Operation}; falling back ({Reason}).")]
    public static partial void RedisUnavailable(ILogger logger, string operation, string reason);

    [LoggerMessage(2, LogLevel.Information, "Account {AccountId} registered.")]
    public static partial void Registered(ILogger logger, long accountId);

    [LoggerMessage(3, LogLevel.Debug, "Failed login for a name from {RemoteIp}.")]
    public static partial void LoginFailed(ILogger logger, string remoteIp);

    [LoggerMessage(4, LogLevel.Information, "Password hash of account {AccountId} upgraded to the current parameters.")]
    public static partial void Rehashed(ILogger logger, long accountId);

    [LoggerMessage(5, LogLevel.Warning, "Login throttled for {RemoteIp}: retry after {RetryAfterSeconds} s.")]
    public static partial void Throttled(ILogger logger, string remoteIp, long retryAfterSeconds);

    [LoggerMessage(6, LogLevel.Information, "External user linked to account {AccountId} (created: {Created}).")]
    public static partial void ExternalLinked(ILogger logger, long accountId, bool created);

    [LoggerMessage(7, LogLevel.Warning, "External session rejected: bad cookie signature.")]
    public static partial void BadExternalSignature(ILogger logger);

    [LoggerMessage(8, LogLevel.Warning, "The DatabaseService is unavailable: {Status}.")]
    public static partial void DatabaseUnavailable(ILogger logger, global::Grpc.Core.StatusCode status);

    [LoggerMessage(9, LogLevel.Information, "Account {AccountId} banned; {Revoked} sessions revoked.")]
    public static partial void Banned(ILogger logger, long accountId, int revoked);
}
