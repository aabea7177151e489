using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace Mmo.GrpcLoad;

/// <summary>Formats the results as markdown: unary runs, streaming runs, runtime counters, allocation samples.</summary>
internal static class ResultTable
{
    public static string Format(IReadOnlyList<RunResult> results, LoadOptions options, string commandLine)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Command: `{commandLine}`  "));
        text.AppendLine(Invariant($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average before the first run {LoadAverage.Before}  "));
        text.AppendLine(Invariant($"Each run: {options.WarmupSeconds} s warm-up, {options.DurationSeconds} s measured, all callers on one channel. Unary: request payload {options.RequestSize} B, response payload {options.ResponseSize} B. Streaming: {options.StreamMessages} responses of {options.StreamMessageSize} B per call."));
        text.AppendLine();
        AppendRates(text, results, CallKind.Unary);
        AppendRates(text, results, CallKind.ServerStreaming);
        AppendCounters(text, results);
        if (options.AllocationProfile)
        {
            text.AppendLine("With --alloc-profile the sampling events slow the runs down and disturb GC.GetTotalAllocatedBytes: read throughput and B/call from a run without it.");
            text.AppendLine();
        }
        foreach (var r in results.Where(r => r.AllocationSamples is { Count: > 0 }))
        {
            AppendSamples(text, r);
        }
        foreach (var r in results.Where(r => r.FirstError is not null))
        {
            text.AppendLine(Invariant($"- {r.Scenario.Name}, {r.Callers} callers: {r.Errors} errors; the first: {r.FirstError}"));
        }
        return text.ToString();
    }

    private static void AppendRates(StringBuilder text, IReadOnlyList<RunResult> results, CallKind kind)
    {
        var runs = results.Where(r => r.Scenario.Kind == kind).ToList();
        if (runs.Count == 0)
        {
            return;
        }
        var unary = kind == CallKind.Unary;
        text.AppendLine(unary
            ? "| scenario | server | callers | deadline | calls/s | × ours | p50 µs | p99 µs | alloc B/call (this process) | alloc B/call (server process) | CPU µs/call (this process) | CPU µs/call (server process) | errors |"
            : "| scenario | server | streams | deadline | messages/s | × ours | stream p50 ms | stream p99 ms | alloc B/message (this process) | alloc B/message (server process) | CPU µs/message (this process) | CPU µs/message (server process) | errors |");
        text.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in runs)
        {
            var rate = unary ? r.CallsPerSecond : r.MessagesPerSecond;
            var p50 = r.Latency.Percentile(50);
            var p99 = r.Latency.Percentile(99);
            text.AppendLine(Invariant($"| {r.Scenario.Name} | {r.Server} | {r.Callers} | {Deadline(r)} | {rate:N0} | {Ratio(r, results)} | {(unary ? Micros(p50) : Millis(p50))} | {(unary ? Micros(p99) : Millis(p99))} | {PerUnit(r.Client.Allocated, r.Units)} | {ServerAllocated(r)} | {CpuPer(r.ProcessCpu, r.Units)} | {ServerCpu(r)} | {r.Errors} |"));
        }
        text.AppendLine();
    }

    private static void AppendCounters(StringBuilder text, IReadOnlyList<RunResult> results)
    {
        text.AppendLine("Runtime counters over the measured seconds (per call for unary runs, per message for streaming runs):");
        text.AppendLine();
        text.AppendLine("| scenario | server | callers | process | GCs 0/1/2 | GC pause % of time | thread-pool work items / unit | lock contentions / 1000 units |");
        text.AppendLine("|---|---|--:|---|--:|--:|--:|--:|");
        foreach (var r in results)
        {
            AppendCounterRow(text, r, r.ServerCpu is null ? "this (client + server)" : "this (client)", r.Client);
            if (r.ServerCounters is { } server)
            {
                AppendCounterRow(text, r, "server", server);
            }
        }
        text.AppendLine();
    }

    private static void AppendCounterRow(StringBuilder text, RunResult r, string process, ProcessCounters c) =>
        text.AppendLine(Invariant($"| {r.Scenario.Name} | {r.Server} | {r.Callers} | {process} | {c.Gen0}/{c.Gen1}/{c.Gen2} | {c.GcPause / r.Measured:P1} | {Per(c.WorkItems, r.Units):N2} | {Per(c.LockContentions * 1000, r.Units):N1} |"));

    private static void AppendSamples(StringBuilder text, RunResult r)
    {
        var samples = r.AllocationSamples!;
        text.AppendLine(Invariant($"Allocation samples, {r.Scenario.Name} against {r.Server} with {r.Callers} callers ({samples.Sum(s => s.SampledBytes) / 1_000_000.0:N0} MB sampled; multiply a share by the B/call of a run without --alloc-profile):"));
        text.AppendLine();
        text.AppendLine("| allocated by (heuristic) | share of bytes |");
        text.AppendLine("|---|--:|");
        foreach (var group in samples.GroupBy(s => AllocationCategories.Of(s.TypeName)).OrderByDescending(g => g.Sum(s => s.Share)))
        {
            text.AppendLine(Invariant($"| {group.Key} | {group.Sum(s => s.Share):P1} |"));
        }
        text.AppendLine();
        text.AppendLine("| type | share of bytes |");
        text.AppendLine("|---|--:|");
        foreach (var sample in samples.Take(30))
        {
            text.AppendLine(Invariant($"| `{sample.TypeName}` | {sample.Share:P1} |"));
        }
        text.AppendLine();
    }

    private static string Ratio(RunResult r, IReadOnlyList<RunResult> all)
    {
        var ours = all.FirstOrDefault(x => x.Scenario.Target == TargetKind.InProcess && x.Scenario.Kind == r.Scenario.Kind && x.Scenario.DeadlineMs == r.Scenario.DeadlineMs && x.Callers == r.Callers);
        return ours is null || ours.Units == 0 ? "" : Invariant($"{(double)r.Units / r.Measured.TotalSeconds / (ours.Units / ours.Measured.TotalSeconds):0.00}");
    }

    private static double Per(long total, long count) => count == 0 ? 0 : (double)total / count;

    private static string Deadline(RunResult r) => r.Scenario.DeadlineMs > 0 ? Invariant($"{r.Scenario.DeadlineMs} ms") : "none";

    private static string Micros(TimeSpan t) => Invariant($"{t.TotalMicroseconds:N0}");

    private static string Millis(TimeSpan t) => Invariant($"{t.TotalMilliseconds:N1}");

    private static string PerUnit(long total, long count) => count == 0 || total < 0 ? "n/a" : Invariant($"{(double)total / count:N0}");

    private static string CpuPer(TimeSpan cpu, long count) => count == 0 ? "" : Invariant($"{cpu.TotalMicroseconds / count:N1}");

    private static string ServerCpu(RunResult r) => r.ServerCpu is { } cpu ? CpuPer(cpu, r.Units) : "(same process)";

    private static string ServerAllocated(RunResult r) =>
        r.ServerCpu is null ? "(same process)" : r.ServerCounters is { } c ? PerUnit(c.Allocated, r.Units) : "(not .NET)";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}

/// <summary>The 1-minute load average when the tool started, to judge how busy the shared machine was.</summary>
internal static class LoadAverage
{
    public static string Before { get; } = Read();

    private static string Read()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
