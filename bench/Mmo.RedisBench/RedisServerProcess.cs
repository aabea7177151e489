using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mmo.RedisBench;

/// <summary>A throw-away redis-server on a free loopback port (daemonized, pidfile, files in a temp folder).</summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string _directory;

    private RedisServerProcess(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    private string PidFile => Path.Combine(_directory, "redis.pid");

    public static async Task<RedisServerProcess> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("mmo-redis-bench-").FullName;
        var server = new RedisServerProcess(directory, FreePort());
        var start = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--bind", "127.0.0.1", "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--save", string.Empty,
            "--appendonly", "no", "--daemonize", "yes", "--pidfile", server.PidFile, "--dir", directory,
            "--logfile", Path.Combine(directory, "redis.log"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var launcher = Process.Start(start)!;
            await launcher.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is missing: apt-get install -y redis-server", ex);
        }

        var deadline = Stopwatch.StartNew();
        while (!File.Exists(server.PidFile) || !await AcceptsAsync(server.Port))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"redis-server did not start on port {server.Port}.");
            }

            await Task.Delay(20);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(PidFile))
        {
            var pid = int.Parse(await File.ReadAllTextAsync(PidFile), CultureInfo.InvariantCulture);
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }
}
