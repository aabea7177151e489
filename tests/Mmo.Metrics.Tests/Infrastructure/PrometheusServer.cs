using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Mmo.Metrics.Tests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian package "prometheus") on a free loopback port, scraping one target every second,
/// with its data in a temporary directory. Disposing kills it and removes the directory.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _client;

    private PrometheusServer(Process process, DirectoryInfo directory, Uri address)
    {
        _process = process;
        _directory = directory;
        _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
    }

    public static PrometheusServer Start(Uri target, string jobName)
    {
        var binary = ExternalTool.Require("prometheus", "prometheus");
        var directory = Directory.CreateTempSubdirectory("mmo-prometheus-");
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: {jobName}
                metrics_path: /metrics
                static_configs:
                  - targets: ['{target.Authority}']
            """);
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(binary)
        {
            ArgumentList =
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.FullName,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start prometheus.");
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Polls an instant query until it returns at least one series, and returns the first one's value. The first
    /// scrape lands about 1 to 5 seconds after start; the deadline bounds the wait.
    /// </summary>
    public async Task<string> WaitForValueAsync(string query, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"prometheus exited with {_process.ExitCode}:\n{string.Join("\n", _log)}");
            }
            try
            {
                last = await _client.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
                using var json = JsonDocument.Parse(last);
                var result = json.RootElement.GetProperty("data").GetProperty("result");
                if (result.GetArrayLength() > 0)
                {
                    return result[0].GetProperty("value")[1].GetString()!;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // A request timed out; the deadline decides when to stop.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        Assert.Fail($"No series for {query} within {timeout.TotalSeconds} s. Last answer: {last}\nTargets: {await TargetsAsync()}\nLog:\n{string.Join("\n", _log)}");
        return "";
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
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

    private async Task<string> TargetsAsync()
    {
        try
        {
            return await _client.GetStringAsync("/api/v1/targets");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return ex.Message;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _log.Enqueue(line);
        // Only the end matters when something fails.
        while (_log.Count > 200 && _log.TryDequeue(out _))
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
