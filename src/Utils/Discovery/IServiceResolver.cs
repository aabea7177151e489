namespace Mmo.Discovery;

/// <summary>
/// Finds the replicas of a logical service ("auth") and tells when they change. One implementation per
/// <see cref="DiscoveryMode"/>; thread-safe. Watching a name starts on its first use and lasts until the
/// resolver is disposed.
/// </summary>
public interface IServiceResolver
{
    /// <summary>
    /// The current endpoints of <paramref name="serviceName"/>. The first call for a name waits for the first
    /// answer (Consul, DNS); an empty list means the source says there are none.
    /// </summary>
    ValueTask<IReadOnlyList<ServiceEndpoint>> ResolveAsync(string serviceName, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onChanged"/> with the current endpoints, if known, and then with every new set, in
    /// order, on a resolver thread (keep it short). Dispose the result to stop.
    /// </summary>
    IDisposable Watch(string serviceName, Action<IReadOnlyList<ServiceEndpoint>> onChanged);

    /// <summary>Asks for a new resolution soon, e.g. when every known endpoint is failing. Cheap; repeated requests coalesce.</summary>
    void Refresh(string serviceName);
}
