using System.Diagnostics;
using System.Globalization;

namespace Mmo.GrpcLoad;

/// <summary>
/// A server run as a child process: an interop peer of another gRPC implementation (tests/interop,
/// started with <c>--port 0 --ignore-stdin</c>), or this tool's own <c>serve</c> mode. Ready once it
/// prints <c>LISTENING port</c>; killed (or, for <c>serve</c>, sent end of stdin) when disposed.
/// </summary>
internal sealed class ChildServer : ILoadTarget
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private readonly Process _process;
    private readonly bool _reportsStats;
    private readonly Queue<string> _stderrTail;

    private ChildServer(string name, Process process, Uri address, bool reportsStats, Queue<string> stderrTail)
    {
        Name = name;
        _process = process;
        Address = address;
        _reportsStats = reportsStats;
        _stderrTail = stderrTail;
    }

    public string Name { get; }

    public Uri Address { get; }

    public static Task<ChildServer> StartPythonAsync(LoadOptions options, string repoRoot, int workers, CancellationToken cancellationToken) =>
        StartAsync("python grpcio", options.PythonPath, ["tests/interop/python/server.py", "--port", "0", "--ignore-stdin", "--workers", workers.ToString(CultureInfo.InvariantCulture)], repoRoot, reportsStats: false, cancellationToken);

    public static Task<ChildServer> StartNodeAsync(LoadOptions options, string repoRoot, CancellationToken cancellationToken) =>
        StartAsync("node grpc-js", options.NodePath, ["tests/interop/node/server.js", "--port", "0", "--ignore-stdin"], repoRoot, reportsStats: false, cancellationToken);

    /// <summary>This tool in <c>serve</c> mode: our server in a process of its own.</summary>
    public static Task<ChildServer> StartOwnAsync(CancellationToken cancellationToken)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which program runs this tool.");
        string[] args = Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? [typeof(ServeCommand).Assembly.Location, ServeCommand.Name]
            : [ServeCommand.Name];
        return StartAsync("ours (own process)", host, args, Directory.GetCurrentDirectory(), reportsStats: true, cancellationToken);
    }

    public async Task<ServerSnapshot?> SnapshotAsync(CancellationToken cancellationToken)
    {
        _process.Refresh();
        var cpu = _process.TotalProcessorTime;
        if (!_reportsStats)
        {
            return new ServerSnapshot(cpu, null);
        }
        await _process.StandardInput.WriteLineAsync(ServeCommand.StatsRequest.AsMemory(), cancellationToken).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        var line = await _process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{Name} exited.");
        return new ServerSnapshot(cpu, ProcessCounters.Parse(line.Split(' ').AsSpan(1)));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_reportsStats && !_process.HasExited)
            {
                _process.StandardInput.Close();
                await _process.WaitForExitAsync().WaitAsync(StopTimeout).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"{Name} did not stop at the end of its stdin; killing it.");
        }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(StopTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"{Name}: could not stop process {_process.Id}: {ex.Message}{Environment.NewLine}{Tail(_stderrTail)}");
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static async Task<ChildServer> StartAsync(string name, string fileName, string[] args, string workingDirectory, bool reportsStats, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stderrTail = new Queue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderrTail)
            {
                if (e.Data is not null)
                {
                    stderrTail.Enqueue(e.Data);
                }
                while (stderrTail.Count > 20)
                {
                    stderrTail.Dequeue();
                }
            }
        };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("LISTENING ", StringComparison.Ordinal)
                    && int.TryParse(line.AsSpan("LISTENING ".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    return new ChildServer(name, process, new Uri($"http://127.0.0.1:{port}"), reportsStats, stderrTail);
                }
            }
            throw new InvalidOperationException($"{name} exited before it listened.");
        }
        catch (Exception ex)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            process.Dispose();
            throw new InvalidOperationException($"{name} did not start ({fileName} {string.Join(' ', args)}): {ex.Message}{Environment.NewLine}{Tail(stderrTail)}", ex);
        }
    }

    private static string Tail(Queue<string> lines)
    {
        lock (lines)
        {
            return string.Join(Environment.NewLine, lines);
        }
    }
}
