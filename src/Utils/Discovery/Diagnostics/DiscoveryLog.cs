using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Mmo.Discovery.Diagnostics;

/// <summary>Log messages of discovery and balancing (event ids 1–49).</summary>
internal static partial class DiscoveryLog
{
    [LoggerMessage(1, LogLevel.Information, "Endpoints of {Service} from {Source}: {Count} ({Endpoints}).", EventName = "EndpointsChanged")]
    public static partial void EndpointsChanged(ILogger logger, string service, string source, int count, string endpoints);

    [LoggerMessage(2, LogLevel.Warning, "Resolving {Service} through {Source} failed ({Failures} in a row), retrying in {RetryMs:0} ms; the last endpoints stay in use: {Error}", EventName = "ResolveFailed")]
    public static partial void ResolveFailed(ILogger logger, string service, string source, int failures, double retryMs, string error);

    [LoggerMessage(3, LogLevel.Information, "Resolving {Service} through {Source} works again after {Failures} failures.", EventName = "ResolveRecovered")]
    public static partial void ResolveRecovered(ILogger logger, string service, string source, int failures);

    [LoggerMessage(4, LogLevel.Debug, "Consul index of {Service} went backwards from {Previous} to {Returned}: starting over from 0.", EventName = "ConsulIndexReset")]
    public static partial void ConsulIndexReset(ILogger logger, string service, ulong previous, ulong returned);

    [LoggerMessage(5, LogLevel.Error, "Watching {Service} stopped unexpectedly; its endpoints will not change any more.", EventName = "WatchFailed")]
    public static partial void WatchFailed(ILogger logger, string service, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "Cannot resolve {Service}: {Error}.", EventName = "ServiceNotConfigured")]
    public static partial void ServiceNotConfigured(ILogger logger, string service, string error);

    [LoggerMessage(10, LogLevel.Information, "Registered {Service} as {ServiceId} ({Address}:{Port}) with Consul.", EventName = "ConsulRegistered")]
    public static partial void ConsulRegistered(ILogger logger, string service, string serviceId, string address, int port);

    [LoggerMessage(11, LogLevel.Warning, "Registering {ServiceId} with Consul failed, retrying in {RetryMs:0} ms: {Error}", EventName = "ConsulRegistrationFailed")]
    public static partial void ConsulRegistrationFailed(ILogger logger, string serviceId, double retryMs, string error);

    [LoggerMessage(12, LogLevel.Information, "Deregistered {Service} ({ServiceId}) from Consul.", EventName = "ConsulDeregistered")]
    public static partial void ConsulDeregistered(ILogger logger, string service, string serviceId);

    [LoggerMessage(13, LogLevel.Warning, "Deregistering {ServiceId} from Consul failed; the agent removes it once its health check has been critical long enough.", EventName = "ConsulDeregistrationFailed")]
    public static partial void ConsulDeregistrationFailed(ILogger logger, string serviceId, Exception exception);

    [LoggerMessage(20, LogLevel.Debug, "Balancing {Service} over {Count} endpoints: {Endpoints}.", EventName = "BalancerEndpoints")]
    public static partial void BalancerEndpoints(ILogger logger, string service, int count, string endpoints);

    [LoggerMessage(21, LogLevel.Debug, "Endpoint {Endpoint} of {Service} left the resolved set with {InFlight} calls in flight; its channel closes after them.", EventName = "EndpointRetired")]
    public static partial void EndpointRetired(ILogger logger, string service, ServiceEndpoint endpoint, int inFlight);

    [LoggerMessage(22, LogLevel.Warning, "Circuit of {Service} endpoint {Endpoint} opened for {BreakMs:0} ms after {StatusCode}: {Detail}", EventName = "CircuitOpened")]
    public static partial void CircuitOpened(ILogger logger, string service, ServiceEndpoint endpoint, StatusCode statusCode, string detail, double breakMs);

    [LoggerMessage(23, LogLevel.Information, "Circuit of {Service} endpoint {Endpoint} closed: it answers again.", EventName = "CircuitClosed")]
    public static partial void CircuitClosed(ILogger logger, string service, ServiceEndpoint endpoint);
}
