namespace Mmo.Launcher.Features.Health;

/// <summary>The gRPC ports of the local cluster (the defaults of docs/architecture.md).</summary>
internal static class ClusterEndpoints
{
    public static readonly IReadOnlyList<(string Service, int GrpcPort)> Defaults =
    [
        ("AuthService", 5101),
        ("CharacterService", 5201),
        ("DatabaseService", 5301),
        ("WorldService", 5401),
        ("PacketService", 5501),
    ];
}
