using Mmo.Grpc.Testing;

namespace Mmo.GrpcLoad;

/// <summary>A running server that load runs call.</summary>
internal interface ILoadTarget : IAsyncDisposable
{
    /// <summary>How the server is named in the tables.</summary>
    string Name { get; }

    Uri Address { get; }

    /// <summary>The server process's own counters; null when the server shares this process.</summary>
    Task<ServerSnapshot?> SnapshotAsync(CancellationToken cancellationToken);
}

/// <summary>Counters of a server process: its CPU time, and its runtime counters when it is ours and reports them.</summary>
internal sealed record ServerSnapshot(TimeSpan Cpu, ProcessCounters? Counters);

/// <summary>Our server on Kestrel in this process (tests/Mmo.Grpc.Testing LoopbackServer).</summary>
internal sealed class InProcessTarget(LoopbackServer server) : ILoadTarget
{
    public string Name => "ours (in-process)";

    public Uri Address => server.Address;

    public static async Task<InProcessTarget> StartAsync() => new(await LoopbackServer.StartAsync().ConfigureAwait(false));

    public Task<ServerSnapshot?> SnapshotAsync(CancellationToken cancellationToken) => Task.FromResult<ServerSnapshot?>(null);

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
