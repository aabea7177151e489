namespace Mmo.Grpc.Tests.PeerInterop;

/// <summary>
/// An independent gRPC implementation under tests/interop/ (see its README): how to start its server
/// and its client, and what it needs installed. A missing prerequisite fails the test with the command
/// that installs it; it never skips.
/// </summary>
public sealed class InteropPeer
{
    public static readonly InteropPeer Python = new(
        "python",
        "/usr/bin/python3",
        "python",
        "server.py",
        "client.py",
        CheckPythonAsync);

    public static readonly InteropPeer Node = new(
        "node",
        "node",
        "node",
        "server.js",
        "client.js",
        CheckNodeAsync);

    private static readonly TimeSpan PrerequisiteTimeout = TimeSpan.FromSeconds(30);

    private readonly string _directory;
    private readonly string _serverScript;
    private readonly string _clientScript;
    private readonly Lazy<Task> _prerequisites;

    private InteropPeer(string name, string executable, string directory, string serverScript, string clientScript, Func<InteropPeer, Task> checkPrerequisites)
    {
        Name = name;
        Executable = executable;
        _directory = directory;
        _serverScript = serverScript;
        _clientScript = clientScript;
        _prerequisites = new Lazy<Task>(() => checkPrerequisites(this));
    }

    /// <summary>"python" or "node", as in test names.</summary>
    public string Name { get; }

    public string Executable { get; }

    /// <summary>The peers by <see cref="Name"/>.</summary>
    public static IReadOnlyList<InteropPeer> All { get; } = [Python, Node];

    public static InteropPeer Get(string name) =>
        All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown interop peer.");

    /// <summary>The server's command line: listens on 127.0.0.1 on a free port, stops when stdin closes.</summary>
    public PeerCommand ServerCommand() => new(Executable, [ScriptPath(_serverScript), "--port", "0"]);

    /// <summary>The client's command line: runs every case (or <paramref name="cases"/>) against <paramref name="target"/> (host:port).</summary>
    public PeerCommand ClientCommand(string target, params IEnumerable<string> cases) =>
        new(Executable, [ScriptPath(_clientScript), "--target", target, .. cases.SelectMany(c => new[] { "--case", c })]);

    /// <summary>Fails (once per run, then from the cache) when the peer cannot run on this machine.</summary>
    public Task EnsurePrerequisitesAsync() => _prerequisites.Value;

    public override string ToString() => Name;

    private string ScriptPath(string script) => Path.Combine(RepositoryPaths.InteropDirectory, _directory, script);

    private static async Task CheckPythonAsync(InteropPeer peer)
    {
        const string install = "apt-get install -y python3-grpcio python3-grpc-tools";
        if (!File.Exists(peer.Executable))
        {
            Assert.Fail($"The python interop peer needs {peer.Executable} (Debian's python3) with grpcio: run `{install}`.");
        }
        var run = await PeerProcess.RunAsync(new PeerCommand(peer.Executable, ["-c", "import grpc, grpc_tools"]), PrerequisiteTimeout);
        if (run.ExitCode != 0)
        {
            Assert.Fail($"{peer.Executable} cannot import grpc and grpc_tools, which the python interop peer needs: run `{install}`.\n{run.Stderr}");
        }
    }

    private static async Task CheckNodeAsync(InteropPeer peer)
    {
        const string install = "npm ci --prefix tests/interop/node";
        var modules = Path.Combine(RepositoryPaths.InteropDirectory, "node", "node_modules");
        foreach (var package in new[] { "@grpc/grpc-js", "@grpc/proto-loader" })
        {
            if (!Directory.Exists(Path.Combine(modules, package)))
            {
                Assert.Fail($"The node interop peer needs {package} in {modules}: run `{install}` (Node >= 18 on PATH).");
            }
        }
        PeerRunResult run;
        try
        {
            run = await PeerProcess.RunAsync(new PeerCommand(peer.Executable, ["--version"]), PrerequisiteTimeout);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"The node interop peer needs `node` (Node >= 18) on PATH: {ex.Message}");
            throw;
        }
        if (run.ExitCode != 0)
        {
            Assert.Fail($"`node --version` failed (exit code {run.ExitCode}); the node interop peer needs Node >= 18.\n{run.Stderr}");
        }
    }
}
