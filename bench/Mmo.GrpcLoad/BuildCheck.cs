using System.Diagnostics;
using System.Reflection;
using Mmo.Grpc.Client;
using Mmo.Grpc.Testing;

namespace Mmo.GrpcLoad;

/// <summary>Refuses Debug builds of the code under test, as BenchmarkDotNet's validator does.</summary>
internal static class BuildCheck
{
    /// <summary>The name of the first assembly compiled without optimisations, or null.</summary>
    public static string? FindUnoptimized()
    {
        Assembly[] assemblies = [typeof(BuildCheck).Assembly, typeof(GrpcChannel).Assembly, typeof(Microsoft.AspNetCore.Builder.GrpcEndpointRouteBuilderExtensions).Assembly, typeof(LoopbackServer).Assembly];
        return assemblies.FirstOrDefault(a => a.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)?.GetName().Name;
    }
}
