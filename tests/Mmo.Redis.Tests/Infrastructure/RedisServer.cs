using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mmo.Redis.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port, daemonized with a pidfile, its files in a temporary folder.
/// Can be killed (SIGKILL through the pidfile, as a crash would) and started again on the same port.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private readonly string _executable;
    private readonly string[] _extraArguments;

    private RedisServer(string executable, string directory, int port, string[] extraArguments)
    {
        _executable = executable;
        Directory = directory;
        Port = port;
        _extraArguments = extraArguments;
    }

    public int Port { get; }

    public string Directory { get; }

    public string EndPoint => $"127.0.0.1:{Port}";

    private string PidFile => Path.Combine(Directory, "redis.pid");

    private string LogFile => Path.Combine(Directory, "redis.log");

    /// <summary>Starts a server; <paramref name="extraArguments"/> are appended (e.g. "--requirepass", "secret").</summary>
    public static async Task<RedisServer> StartAsync(params string[] extraArguments)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            "redis-server was not found on PATH; these tests need a real Redis. Install it with `apt-get install -y redis-server` " +
            "(./mmo test installs it by itself).");
        for (var attempt = 1; ; attempt++)
        {
            var directory = Path.Combine(Path.GetTempPath(), "mmo-redis-tests", Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(directory);
            var server = new RedisServer(executable, directory, FreePort(), extraArguments);
            try
            {
                await server.RestartAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server.Log().Contains("Address already in use", StringComparison.Ordinal))
            {
                // Another process took the free port between our probe and Redis binding it: try another one.
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Starts the server (again) on its port, with its folder, and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--save", string.Empty, "--appendonly", "no", "--daemonize", "yes", "--pidfile", PidFile,
            "--dir", Directory, "--logfile", LogFile,
        }.Concat(_extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        using (var launcher = Process.Start(start)!)
        {
            await launcher.WaitForExitAsync().WaitAsync(StartTimeout);
            if (launcher.ExitCode != 0)
            {
                throw new InvalidOperationException($"redis-server exited with {launcher.ExitCode}: {await launcher.StandardError.ReadToEndAsync()}{await launcher.StandardOutput.ReadToEndAsync()}");
            }
        }

        var clock = Stopwatch.StartNew();
        while (!File.Exists(PidFile) || !await AnswersAsync())
        {
            if (clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"redis-server did not start on port {Port} within {StartTimeout.TotalSeconds} s. Its log:\n{Log()}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>SIGKILL through the pidfile, then waits until the port refuses connections.</summary>
    public async Task KillAsync()
    {
        if (!File.Exists(PidFile))
        {
            return;
        }

        var pid = int.Parse(await File.ReadAllTextAsync(PidFile), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(PidFile);
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }

        var clock = Stopwatch.StartNew();
        while (await AcceptsAsync())
        {
            if (clock.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException($"redis-server (pid {pid}) still accepts connections on {Port} after SIGKILL.");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the folder is under the temp directory either way.
        }
    }

    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";

    private static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);

    /// <summary>A loopback port nothing listens on (at the time of asking).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True once the server replies to a raw PING (with PONG, or NOAUTH when it wants a password).</summary>
    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(TimeSpan.FromSeconds(1));
            await socket.SendAsync("PING\r\n"u8.ToArray()).WaitAsync(TimeSpan.FromSeconds(1));
            var buffer = new byte[64];
            var read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(1));
            var reply = Encoding.ASCII.GetString(buffer, 0, read);
            return reply.StartsWith("+PONG", StringComparison.Ordinal) || reply.StartsWith("-NOAUTH", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(TimeSpan.FromSeconds(1));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }
}
