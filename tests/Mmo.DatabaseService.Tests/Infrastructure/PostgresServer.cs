using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Mmo.DatabaseService.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server for tests: a new cluster (initdb) in a temporary folder, started with pg_ctl
/// on a free loopback port, stopped and deleted on dispose (and at process exit, should a run be cut short).
/// initdb refuses to run as root, so as root the server runs as the 'postgres' user (runuser). Missing
/// binaries fail the test with the package to install: never a skip.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private bool _disposed;

    private PostgresServer(string bin, string root, int port)
    {
        _bin = bin;
        _root = root;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAtExit();
    }

    public int Port { get; }

    private string DataDir => Path.Combine(_root, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        var root = Directory.CreateTempSubdirectory("mmo-pg-").FullName;
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", ["postgres:postgres", root], root, asPostgres: false);
        }
        var server = new PostgresServer(bin, root, FreePort());
        await server.RunToolAsync("initdb", ["-D", server.DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await server.StartAgainAsync();
        return server;
    }

    public string ConnectionString(string database, int maxPoolSize = 100) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size={maxPoolSize};Timeout=5";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Stops the server (fast shutdown: sessions are ended), as an outage would.</summary>
    public Task StopAsync() => RunToolAsync("pg_ctl", ["-D", DataDir, "-m", "fast", "-w", "stop"]);

    /// <summary>Starts the server on the same port and data.</summary>
    public Task StartAgainAsync() => RunToolAsync("pg_ctl", ["-D", DataDir, "-w", "-t", "60", "-l", Path.Combine(_root, "postgres.log"), "-o",
        $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
        "start"]);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await RunToolAsync("pg_ctl", ["-D", DataDir, "-m", "immediate", "-w", "stop"], ignoreFailure: true);
        Directory.Delete(_root, recursive: true);
    }

    private void StopAtExit()
    {
        if (!_disposed)
        {
            RunToolAsync("pg_ctl", ["-D", DataDir, "-m", "immediate", "-w", "stop"], ignoreFailure: true).GetAwaiter().GetResult();
        }
    }

    private Task RunToolAsync(string tool, string[] arguments, bool ignoreFailure = false) =>
        RunAsync(Path.Combine(_bin, tool), arguments, _root, asPostgres: Environment.IsPrivilegedProcess, ignoreFailure);

    private static async Task RunAsync(string program, string[] arguments, string workingDirectory, bool asPostgres, bool ignoreFailure = false)
    {
        var info = asPostgres
            ? new ProcessStartInfo(FindRunuser(), ["-u", "postgres", "--", program, .. arguments])
            : new ProcessStartInfo(program, arguments);
        info.WorkingDirectory = workingDirectory;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        if (process.ExitCode != 0 && !ignoreFailure)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}{await stderr}");
        }
    }

    private static string FindBinaries()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("MMO_PG_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin, $MMO_PG_BIN or PATH: " +
                "install them with `apt-get install -y postgresql` (./mmo test does this).");
    }

    private static string FindRunuser() =>
        new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("runuser was not found: it is needed to run PostgreSQL as the 'postgres' user when tests run as root (Debian package util-linux).");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
