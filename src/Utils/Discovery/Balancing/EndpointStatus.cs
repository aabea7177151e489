namespace Mmo.Discovery.Balancing;

/// <summary>What a <see cref="BalancingCallInvoker"/> knows of one endpoint, for diagnostics.</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Circuit">Its breaker's state (Open until a call tries it after the break).</param>
/// <param name="CallsInFlight">Calls started on it and not yet ended.</param>
public sealed record EndpointStatus(ServiceEndpoint Endpoint, CircuitState Circuit, int CallsInFlight);
