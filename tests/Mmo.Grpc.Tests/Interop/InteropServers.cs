using System.Collections.Concurrent;
using Mmo.Grpc.Client;
using Mmo.Grpc.Testing;

namespace Mmo.Grpc.Tests.PeerInterop;

/// <summary>
/// The servers our client is tested against, started on first use and shared by the collection: the
/// python and node peers' servers, and our own <see cref="LoopbackServer"/> as the control. Each has one
/// channel, shared by every case as the peers' clients share theirs. A server that fails to start
/// fails every test that needs it, with the same message, without a second attempt.
/// </summary>
public sealed class InteropServers : IAsyncLifetime
{
    /// <summary>The control: our own server.</summary>
    public const string Ours = "dotnet";

    /// <summary>The peers' largest message (tests/interop/README.md); clients set the same limits.</summary>
    public const int MaxMessageSize = 8 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, Lazy<Task<Target>>> _targets = new();

    /// <summary>Server names for theories: the peers, then our own.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. InteropPeer.All.Select(p => p.Name), Ours];

    /// <summary>A channel to the server named <paramref name="server"/> ("python", "node" or "dotnet"), started if needed.</summary>
    public async Task<GrpcChannel> GetChannelAsync(string server) =>
        (await _targets.GetOrAdd(server, name => new Lazy<Task<Target>>(() => StartAsync(name))).Value).Channel;

    /// <summary>The stderr of a peer server started so far, for failure messages; empty for ours.</summary>
    public string ServerStderr(string server) =>
        _targets.TryGetValue(server, out var lazy) && lazy.Value is { IsCompletedSuccessfully: true } started && started.Result.Peer is { } peer
            ? peer.Stderr
            : "";

    public static GrpcChannel CreateChannel(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        MaxReceiveMessageSize = MaxMessageSize,
        MaxSendMessageSize = MaxMessageSize,
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var lazy in _targets.Values)
        {
            if (lazy.IsValueCreated && lazy.Value is { IsCompletedSuccessfully: true } started)
            {
                await started.Result.DisposeAsync();
            }
        }
    }

    private static async Task<Target> StartAsync(string server)
    {
        if (server == Ours)
        {
            var loopback = await LoopbackServer.StartAsync();
            return new Target(CreateChannel(loopback.Address), loopback, Peer: null);
        }
        var peer = await PeerProcess.StartServerAsync(InteropPeer.Get(server));
        return new Target(CreateChannel(peer.Address), Loopback: null, peer);
    }

    private sealed record Target(GrpcChannel Channel, LoopbackServer? Loopback, PeerProcess? Peer) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Channel.Dispose();
            if (Loopback is not null)
            {
                await Loopback.DisposeAsync();
            }
            if (Peer is not null)
            {
                await Peer.DisposeAsync();
            }
        }
    }
}
