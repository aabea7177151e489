// The folder is Interop/, but a namespace named Interop under Mmo.Grpc.Tests would hide the generated
// Mmo.Testing.V1.Interop class from every test in Mmo.Grpc.Tests, so these types live in PeerInterop.
namespace Mmo.Grpc.Tests.PeerInterop;

/// <summary>
/// The interop tests (our runtime against python grpcio and node grpc-js, tests/interop/) run in one
/// collection, one at a time, sharing the peer servers of <see cref="InteropServers"/>. Each test class
/// also carries <c>[Trait("Category", "Interop")]</c>, so <c>--filter Category=Interop</c> selects them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class InteropCollection : ICollectionFixture<InteropServers>
{
    public const string Name = "Interop";

    /// <summary>The trait name and value that select these tests.</summary>
    public const string Category = "Category", CategoryValue = "Interop";
}
