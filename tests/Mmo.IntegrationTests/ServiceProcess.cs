using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mmo.IntegrationTests;

/// <summary>
/// One service started as a real process from its build output, on free loopback ports, with its
/// output captured. Disposing stops it with SIGINT (as Ctrl-C would) and kills it if it hangs.
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

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");

    public bool HasExited => _process.HasExited;

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

    /// <summary>
    /// Starts a service with what it needs to run: the DatabaseService gets a fresh database on a private
    /// PostgreSQL shared by the test run (started on first use, stopped when the test process exits).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string service, IDictionary<string, string>? environment = null)
    {
        var settings = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        if (service == "DatabaseService" && !settings.ContainsKey("ConnectionStrings__Postgres"))
        {
            var postgres = await SharedPostgres.Value;
            settings["ConnectionStrings__Postgres"] = await postgres.CreateDatabaseAsync($"it_{Guid.NewGuid():N}");
        }
        return Start(service, settings);
    }

    private static readonly Lazy<Task<Mmo.DatabaseService.Tests.Infrastructure.PostgresServer>> SharedPostgres =
        new(Mmo.DatabaseService.Tests.Infrastructure.PostgresServer.StartAsync);

    /// <summary>
    /// Starts <c>src/{service}</c>'s built assembly with extra environment settings and command-line
    /// arguments (e.g. the DatabaseService's <c>migrate</c>). Connection strings are never inherited from the
    /// test runner's environment: a test names the servers it means.
    /// </summary>
    public static ServiceProcess Start(string service, IDictionary<string, string>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        var root = RepositoryRoot();
        var projectDir = Path.Combine(root, "src", service);
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(projectDir, "bin", configuration, "net10.0", $"Mmo.{service}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build {service} first: {dll} is missing.");
        }
        var (grpcPort, httpPort) = (FreePort(), FreePort());
        var info = new ProcessStartInfo("dotnet", [dll, .. arguments ?? []])
        {
            WorkingDirectory = projectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.Environment["Service__GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Service__HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Service__LogFormat"] = "Plain";
        info.Environment.Remove("ConnectionStrings__Postgres");
        info.Environment.Remove("ConnectionStrings__Redis");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {service}.");
        return new ServiceProcess(process, grpcPort, httpPort);
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt() => _ = SysKill(_process.Id, 2);

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Interrupt();
            try
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    public static string RepositoryRoot()
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
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
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
