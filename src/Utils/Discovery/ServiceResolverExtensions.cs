using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Mmo.Discovery;

/// <summary>Helpers over <see cref="IServiceResolver"/>.</summary>
public static class ServiceResolverExtensions
{
    /// <summary>
    /// The endpoint sets of a service as they change, starting with the current one. Only the newest set is kept
    /// when the reader is slower than the changes.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<ServiceEndpoint>> WatchAsync(this IServiceResolver resolver, string serviceName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var changes = Channel.CreateBounded<IReadOnlyList<ServiceEndpoint>>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });
        using var watch = resolver.Watch(serviceName, endpoints => changes.Writer.TryWrite(endpoints));
        while (await changes.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (changes.Reader.TryRead(out var endpoints))
            {
                yield return endpoints;
            }
        }
    }
}
