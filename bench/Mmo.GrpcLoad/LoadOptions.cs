using System.Globalization;

namespace Mmo.GrpcLoad;

/// <summary>What to run and for how long; every figure has its unit in its name.</summary>
internal sealed class LoadOptions
{
    public List<string> Scenarios { get; } = [];

    /// <summary>Seconds of calls before measuring (JIT, tiering, connection, pools). Default 3.</summary>
    public double WarmupSeconds { get; set; } = 3;

    /// <summary>Seconds measured per run. Default 10.</summary>
    public double DurationSeconds { get; set; } = 10;

    /// <summary>Concurrent callers of the unary runs, all on one channel. Default 1, 16, 64.</summary>
    public int[] Callers { get; set; } = [1, 16, 64];

    /// <summary>Concurrent callers of the streaming runs. Default 1, 16.</summary>
    public int[] StreamCallers { get; set; } = [1, 16];

    /// <summary>Responses per StreamingOutputCall. Default 1000.</summary>
    public int StreamMessages { get; set; } = 1000;

    /// <summary>Payload bytes of each streamed response. Default 10.</summary>
    public int StreamMessageSize { get; set; } = 10;

    /// <summary>Payload bytes of each unary request. Default 0.</summary>
    public int RequestSize { get; set; }

    /// <summary>Payload bytes of each unary response. Default 0.</summary>
    public int ResponseSize { get; set; }

    /// <summary>Deadline of every call in ms; 0 = none, except in the unary-deadline scenario (5000). Default 0.</summary>
    public int DeadlineMs { get; set; }

    /// <summary>Sample allocated types during the measured seconds (GC AllocationTick events) and print the top ones.</summary>
    public bool AllocationProfile { get; set; }

    /// <summary>Also write the tables to this file.</summary>
    public string? OutputPath { get; set; }

    public string? RepoRoot { get; set; }

    public string PythonPath { get; set; } = "/usr/bin/python3";

    public string NodePath { get; set; } = "node";

    public const string Usage = """
        usage: Mmo.GrpcLoad [scenario...] [options]
        scenarios: unary, unary-deadline, streaming, unary-own-process, unary-python, streaming-python,
                   unary-node, streaming-node, peers (unary-python + unary-node), all (default: every one)
        Mmo.GrpcLoad serve: our server alone (used by unary-own-process)
        options:   --warmup S (3)  --duration S (10)  --callers 1,16,64  --stream-callers 1,16
                   --stream-messages N (1000)  --stream-message-size B (10)  --request-size B (0)
                   --response-size B (0)  --deadline-ms MS (0: none)  --alloc-profile  --out FILE.md
                   --repo-root DIR  --python PATH (/usr/bin/python3)  --node PATH (node)
        """;

    /// <summary>Parses the command line; null (and a message on stderr) when it is wrong.</summary>
    public static LoadOptions? Parse(string[] args)
    {
        var options = new LoadOptions();
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string Next() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{arg} needs a value.");
                switch (arg)
                {
                    case "--warmup": options.WarmupSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--duration": options.DurationSeconds = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--callers": options.Callers = ParseList(Next()); break;
                    case "--stream-callers": options.StreamCallers = ParseList(Next()); break;
                    case "--stream-messages": options.StreamMessages = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--stream-message-size": options.StreamMessageSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--request-size": options.RequestSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--response-size": options.ResponseSize = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--deadline-ms": options.DeadlineMs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--alloc-profile": options.AllocationProfile = true; break;
                    case "--out": options.OutputPath = Next(); break;
                    case "--repo-root": options.RepoRoot = Next(); break;
                    case "--python": options.PythonPath = Next(); break;
                    case "--node": options.NodePath = Next(); break;
                    case "-h" or "--help": return null;
                    default:
                        if (arg.StartsWith('-'))
                        {
                            throw new FormatException($"Unknown option {arg}.");
                        }
                        options.Scenarios.Add(arg);
                        break;
                }
            }
            if (options.WarmupSeconds < 0 || options.DurationSeconds <= 0 || options.DurationSeconds + options.WarmupSeconds > 120)
            {
                throw new FormatException("A run must measure for more than 0 s and last at most 120 s with its warm-up.");
            }
            if (options.Callers.Concat(options.StreamCallers).Any(c => c is < 1 or > 1000))
            {
                throw new FormatException("Callers must be between 1 and 1000.");
            }
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }
        if (options.Scenarios.Count == 0)
        {
            options.Scenarios.Add("all");
        }
        return options;
    }

    private static int[] ParseList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
