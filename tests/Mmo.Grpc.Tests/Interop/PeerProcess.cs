using System.Diagnostics;
using System.Text;

namespace Mmo.Grpc.Tests.PeerInterop;

/// <summary>
/// A peer's gRPC server as a child process. It listens on 127.0.0.1 on a port it picks, announces
/// it with one stdout line <c>LISTENING &lt;port&gt;</c>, and exits when its stdin closes (tests/interop/README.md).
/// Disposing closes stdin and kills the process tree if the server has not exited within <see cref="StopTimeout"/>.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    /// <summary>Longest wait for <c>LISTENING &lt;port&gt;</c>: the python peer may compile its stubs first.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for an exit after stdin closes (in-flight calls get about 1 s), or after a kill.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private const string ListeningPrefix = "LISTENING ";

    private readonly Process _process;
    private readonly OutputCapture _stderr;
    private Task<int>? _stopped;

    private PeerProcess(InteropPeer peer, Process process, OutputCapture stderr, int port)
    {
        Peer = peer;
        _process = process;
        _stderr = stderr;
        Port = port;
    }

    public InteropPeer Peer { get; }

    public int Port { get; }

    /// <summary>host:port, as the peers' clients take it.</summary>
    public string Target => $"127.0.0.1:{Port}";

    /// <summary>The address for <see cref="Mmo.Grpc.Client.GrpcChannel"/>.</summary>
    public Uri Address => new($"http://{Target}");

    /// <summary>Everything the server wrote to stderr so far.</summary>
    public string Stderr => _stderr.Text;

    /// <summary>Starts <paramref name="peer"/>'s server and waits (bounded) until it listens; fails the test with its output otherwise.</summary>
    public static async Task<PeerProcess> StartServerAsync(InteropPeer peer)
    {
        await peer.EnsurePrerequisitesAsync();
        var command = peer.ServerCommand();
        var stdout = new OutputCapture();
        var stderr = new OutputCapture();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Start(command, stdout, stderr, line =>
        {
            if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal) && int.TryParse(line.AsSpan(ListeningPrefix.Length), out var port))
            {
                listening.TrySetResult(port);
            }
        });
        string problem;
        try
        {
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(listening.Task, exited).WaitAsync(StartTimeout) == listening.Task)
            {
                return new PeerProcess(peer, process, stderr, listening.Task.Result);
            }
            problem = $"exited with code {process.ExitCode} before printing `LISTENING <port>`";
        }
        catch (TimeoutException)
        {
            problem = $"did not print `LISTENING <port>` within {StartTimeout.TotalSeconds:0} s";
        }
        await KillAsync(process);
        process.Dispose();
        Assert.Fail($"The {peer} interop server `{command}` {problem}.\n--- stdout ---\n{stdout.Text}--- stderr ---\n{stderr.Text}");
        throw new UnreachableException();
    }

    /// <summary>Runs a peer process (a client) to completion with stdin closed; kills its tree after <paramref name="timeout"/>.</summary>
    public static async Task<PeerRunResult> RunAsync(PeerCommand command, TimeSpan timeout)
    {
        var stdout = new OutputCapture();
        var stderr = new OutputCapture();
        using var process = Start(command, stdout, stderr, onStdoutLine: null);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return new PeerRunResult(command, process.ExitCode, stdout.Text, stderr.Text, TimedOut: false);
        }
        catch (TimeoutException)
        {
            await KillAsync(process);
            return new PeerRunResult(command, ExitCode: null, stdout.Text, stderr.Text, TimedOut: true);
        }
    }

    /// <summary>Closes stdin, which asks the server to stop, and returns its exit code (-1 when it had to be killed).</summary>
    public Task<int> StopAsync() => _stopped ??= StopCoreAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private async Task<int> StopCoreAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The server is gone already: its end of the pipe is closed.
        }
        try
        {
            await _process.WaitForExitAsync().WaitAsync(StopTimeout);
            return _process.ExitCode;
        }
        catch (TimeoutException)
        {
            await KillAsync(_process);
            return -1;
        }
    }

    private static Process Start(PeerCommand command, OutputCapture stdout, OutputCapture stderr, Action<string>? onStdoutLine)
    {
        var info = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = RepositoryPaths.RepositoryRoot,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                stdout.Add(line);
                onStdoutLine?.Invoke(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                stderr.Add(line);
            }
        };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task KillAsync(Process process)
    {
        process.Kill(entireProcessTree: true);
        try
        {
            await process.WaitForExitAsync().WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            // Reported by the caller through the missing exit code; nothing more can be done.
        }
    }
}
