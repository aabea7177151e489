using Microsoft.Extensions.DependencyInjection;

namespace Mmo.Grpc.Server.Internal;

/// <summary>
/// Gets a service instance for one call: from DI when registered there (DI then owns its lifetime),
/// otherwise created with its constructor dependencies and disposed after the call.
/// </summary>
internal sealed class ServiceActivator<TService>
    where TService : class
{
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);

    public (TService Service, bool Created) Create(IServiceProvider services)
    {
        if (services.GetService(typeof(TService)) is TService registered)
        {
            return (registered, false);
        }
        return ((TService)_factory(services, null), true);
    }

    public static ValueTask ReleaseAsync(TService service, bool created)
    {
        if (!created)
        {
            return ValueTask.CompletedTask;
        }
        if (service is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }
        (service as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
