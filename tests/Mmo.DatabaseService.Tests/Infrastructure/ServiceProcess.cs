using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mmo.DatabaseService.Tests.Infrastructure;

/// <summary>
/// The DatabaseService as built (src/DatabaseService/bin/&lt;Configuration&gt;/net10.0), started as a process on
/// free loopback ports with its output captured; disposing sends SIGINT and kills it if it hangs.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process, int grpcPort, int httpPort)
    {
        _process = process;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ServiceProcess Start(IReadOnlyList<string> arguments, IDictionary<string, string> environment)
    {
        var projectDir = Path.Combine(RepositoryRoot(), "src", "DatabaseService");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(projectDir, "bin", configuration, "net10.0", "Mmo.DatabaseService.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the DatabaseService first: {dll} is missing.");
        }
        var (grpcPort, httpPort) = (FreePort(), FreePort());
        var info = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = projectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Service__GrpcPort"] = grpcPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["Service__HttpPort"] = httpPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["Service__LogFormat"] = "Plain";
        info.Environment.Remove("ConnectionStrings__Postgres");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        return new ServiceProcess(Process.Start(info) ?? throw new InvalidOperationException("Could not start the DatabaseService."), grpcPort, httpPort);
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = SysKill(_process.Id, 2);
            try
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mmo.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Mmo.sln not found above the test assembly.");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);
}
