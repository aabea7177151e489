using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Mmo.Discovery.Dns;

namespace Mmo.Discovery.Tests.Infrastructure;

/// <summary>
/// A real dnsmasq (Debian package "dnsmasq") in the foreground on 127.0.0.1 and a free port, answering only from a
/// hosts file the test writes (no upstream, no /etc/hosts, TTL 0). <see cref="ReplaceHostsAsync"/> rewrites the file
/// and sends SIGHUP, which makes dnsmasq re-read it and clear its cache. Disposing kills it.
/// </summary>
internal sealed class DnsmasqServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly ConcurrentQueue<string> _log = new();

    private DnsmasqServer(Process process, DirectoryInfo directory, IPEndPoint endpoint)
    {
        _process = process;
        _directory = directory;
        EndPoint = endpoint;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>The <c>Discovery:Dns:Server</c> value for this server.</summary>
    public string Server => EndPoint.ToString();

    private string HostsFile => Path.Combine(_directory.FullName, "hosts");

    /// <summary>
    /// Starts dnsmasq with a hosts file of "address name" lines and waits until it answers. Without
    /// <paramref name="localDomain"/>, a query it has no record for is REFUSED (there is no upstream).
    /// </summary>
    public static async Task<DnsmasqServer> StartAsync(IEnumerable<string> hostsLines, string probeName, string? localDomain = "mmo.test")
    {
        var binary = RequireBinary();
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("mmo-dnsmasq-");
            var hosts = Path.Combine(directory.FullName, "hosts");
            await File.WriteAllLinesAsync(hosts, hostsLines);
            var port = FreePort();
            var start = new ProcessStartInfo(binary)
            {
                ArgumentList =
                {
                    "--keep-in-foreground", "--log-facility=-", $"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces",
                    "--no-resolv", "--no-hosts", "--conf-file=/dev/null", "--pid-file=", "--local-ttl=0", $"--addn-hosts={hosts}",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (localDomain is not null)
            {
                // Authoritative for the domain, like CoreDNS for cluster.local: NXDOMAIN or an empty answer, never REFUSED.
                start.ArgumentList.Add($"--local=/{localDomain}/");
            }
            if (Environment.UserName == "root")
            {
                start.ArgumentList.Add("--user=root"); // Dropping to "nobody" could leave the hosts file unreadable.
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dnsmasq.");
            var server = new DnsmasqServer(process, directory, new IPEndPoint(IPAddress.Loopback, port));
            process.OutputDataReceived += (_, e) => server.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (await server.WaitUntilAnsweringAsync(probeName))
            {
                return server;
            }
            var log = string.Join(Environment.NewLine, server._log);
            await server.DisposeAsync();
            if (attempt == 3)
            {
                Assert.Fail($"dnsmasq did not start answering on 127.0.0.1:{port}:{Environment.NewLine}{log}");
            }
        }
    }

    /// <summary>Rewrites the hosts file and signals dnsmasq to re-read it (SIGHUP).</summary>
    public async Task ReplaceHostsAsync(IEnumerable<string> hostsLines)
    {
        await File.WriteAllLinesAsync(HostsFile, hostsLines);
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-HUP", _process.Id.ToString() }, UseShellExecute = false })!;
        await kill.WaitForExitAsync().DefaultTimeout();
        Assert.True(kill.ExitCode == 0, $"kill -HUP {_process.Id} failed with {kill.ExitCode}.");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync().DefaultTimeout();
        }
        finally
        {
            _process.Dispose();
            _directory.Delete(recursive: true);
        }
    }

    private async Task<bool> WaitUntilAnsweringAsync(string probeName)
    {
        var client = new DnsClient([EndPoint], TimeSpan.FromMilliseconds(200), 1);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await client.QueryAsync(probeName, DnsRecordType.A, CancellationToken.None)).Count > 0)
                {
                    return true;
                }
            }
            catch (DnsResolutionException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        return false;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }

    private static string RequireBinary()
    {
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin").Append("/sbin");
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, "dnsmasq");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        Assert.Fail("dnsmasq is not installed (looked on PATH, /usr/sbin, /sbin). Install the Debian package 'dnsmasq': apt-get install -y dnsmasq");
        return null!;
    }

    /// <summary>A port free for both UDP and TCP on 127.0.0.1 (dnsmasq serves both).</summary>
    private static int FreePort()
    {
        while (true)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for TCP: try another.
            }
        }
    }
}
