namespace Mmo.GrpcLoad;

/// <summary>Which server a run calls.</summary>
internal enum TargetKind
{
    /// <summary>Our Kestrel server, in this process (client and server share the two cores).</summary>
    InProcess,

    /// <summary>Our server alone in a child process (this tool's serve mode), so each side is measured apart.</summary>
    OwnProcess,

    /// <summary>tests/interop/python/server.py (grpcio), a child process.</summary>
    Python,

    /// <summary>tests/interop/node/server.js (grpc-js), a child process.</summary>
    Node,
}

/// <summary>Which method the callers call.</summary>
internal enum CallKind
{
    /// <summary>UnaryCall with a small request and response.</summary>
    Unary,

    /// <summary>StreamingOutputCall with many small responses.</summary>
    ServerStreaming,
}

/// <summary>A named load scenario: a server, a method, and the caller counts to run it with.</summary>
internal sealed record Scenario(string Name, TargetKind Target, CallKind Kind, int[] Callers, int DeadlineMs);

/// <summary>The scenarios the tool knows, by name.</summary>
internal static class Scenarios
{
    private static readonly string[] All = ["unary", "unary-deadline", "streaming", "unary-own-process", "unary-python", "streaming-python", "unary-node", "streaming-node"];

    /// <summary>The scenarios named on the command line, in a fixed order (each server is started once); null if a name is unknown.</summary>
    public static IReadOnlyList<Scenario>? Resolve(LoadOptions options)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in options.Scenarios)
        {
            switch (name)
            {
                case "all": names.UnionWith(All); break;
                case "peers": names.UnionWith(["unary-python", "unary-node"]); break;
                default:
                    if (!All.Contains(name))
                    {
                        Console.Error.WriteLine($"Unknown scenario '{name}'.");
                        return null;
                    }
                    names.Add(name);
                    break;
            }
        }
        return All.Where(names.Contains).Select(name => Create(name, options)).ToList();
    }

    private static Scenario Create(string name, LoadOptions options)
    {
        var deadline = options.DeadlineMs;
        return name switch
        {
            "unary" => new(name, TargetKind.InProcess, CallKind.Unary, options.Callers, deadline),
            "unary-deadline" => new(name, TargetKind.InProcess, CallKind.Unary, [16], deadline > 0 ? deadline : 5000),
            "streaming" => new(name, TargetKind.InProcess, CallKind.ServerStreaming, options.StreamCallers, deadline),
            "unary-own-process" => new(name, TargetKind.OwnProcess, CallKind.Unary, options.Callers, deadline),
            "unary-python" => new(name, TargetKind.Python, CallKind.Unary, options.Callers, deadline),
            "streaming-python" => new(name, TargetKind.Python, CallKind.ServerStreaming, options.StreamCallers, deadline),
            "unary-node" => new(name, TargetKind.Node, CallKind.Unary, options.Callers, deadline),
            "streaming-node" => new(name, TargetKind.Node, CallKind.ServerStreaming, options.StreamCallers, deadline),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }
}
