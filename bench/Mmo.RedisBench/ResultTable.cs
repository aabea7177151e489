using System.Globalization;
using System.Text;

namespace Mmo.RedisBench;

/// <summary>The results as a markdown table, ready for docs/redis.md.</summary>
internal static class ResultTable
{
    public static string ToMarkdown(BenchmarkResults results, int port, TimeSpan duration)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Loopback redis-server on port {port}, {Environment.ProcessorCount} cores, {duration.TotalSeconds:0} s per scenario.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Baseline A: `{results.Pipelined.Arguments}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"Baseline B: `{results.Single.Arguments}`");
        text.AppendLine();
        text.AppendLine("| command | callers | Mmo.Redis ops/s | baseline A ops/s | ratio to A | baseline B ops/s | ratio to B | allocated B/command |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var result in results.Client)
        {
            var pipelined = result.Command == "SET" ? results.Pipelined.SetPerSecond : results.Pipelined.GetPerSecond;
            var single = result.Command == "SET" ? results.Single.SetPerSecond : results.Single.GetPerSecond;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {result.Command} | {result.Callers} | {result.OpsPerSecond:N0} | {pipelined:N0} | {result.OpsPerSecond / pipelined:0.00} | {single:N0} | {result.OpsPerSecond / single:0.00} | {result.BytesPerCommand:0} |");
        }

        return text.ToString();
    }
}
