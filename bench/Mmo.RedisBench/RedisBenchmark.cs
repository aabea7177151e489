using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Mmo.RedisBench;

/// <summary>redis-benchmark's GET and SET figures for one set of options.</summary>
internal sealed record RedisBenchmarkResult(string Arguments, double SetPerSecond, double GetPerSecond);

/// <summary>Runs <c>redis-benchmark -p PORT OPTIONS -t get,set -q</c> and reads its "SET: 123.45 requests per second" lines.</summary>
internal static partial class RedisBenchmark
{
    public static async Task<RedisBenchmarkResult> RunAsync(int port, string options)
    {
        var arguments = $"-h 127.0.0.1 -p {port} {options} -t get,set -q";
        var start = new ProcessStartInfo("redis-benchmark", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("redis-benchmark did not start.");
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return new RedisBenchmarkResult($"redis-benchmark {arguments}", Rate(output, "SET"), Rate(output, "GET"));
    }

    private static double Rate(string output, string command)
    {
        // -q prints progress lines ending in \r, then the final "SET: 512820.53 requests per second, p50=...".
        var match = RateLine().Matches(output).LastOrDefault(m => m.Groups[1].Value == command)
            ?? throw new InvalidOperationException($"redis-benchmark printed no {command} rate:\n{output}");
        return double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(SET|GET): ([0-9.]+) requests per second")]
    private static partial Regex RateLine();
}
