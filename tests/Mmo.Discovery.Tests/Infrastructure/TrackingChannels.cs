using System.Collections.Concurrent;
using Mmo.Grpc.Client;

namespace Mmo.Discovery.Tests.Infrastructure;

/// <summary>
/// A channel factory whose channels send through a handler that notes its disposal: a channel disposes its handler,
/// so a test can see when the balancer closed an endpoint's channel.
/// </summary>
internal sealed class TrackingChannels
{
    private readonly ConcurrentDictionary<Uri, TrackingHandler> _handlers = new();

    public GrpcChannel Create(ServiceEndpoint endpoint)
    {
        var handler = new TrackingHandler();
        _handlers[endpoint.Address] = handler;
        return GrpcChannel.ForAddress(endpoint.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpHandler = true });
    }

    public bool IsClosed(Uri address) => _handlers.TryGetValue(address, out var handler) && handler.Disposed;

    public int Created => _handlers.Count;

    private sealed class TrackingHandler() : DelegatingHandler(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
