using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Client;
using Mmo.Testing.V1;

namespace Mmo.GrpcLoad;

/// <summary>
/// One run: <c>callers</c> concurrent loops of calls on ONE channel, for the warm-up and then the measured
/// seconds. Only calls that end during the measured seconds count. Allocation, GC and CPU figures are
/// process-wide deltas over the measured seconds, so with the in-process server they hold both sides.
/// </summary>
internal sealed class LoadRunner(LoadOptions options, AllocationSampler? sampler)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public async Task<RunResult> RunAsync(ILoadTarget target, Scenario scenario, int callers, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(target.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 8 * 1024 * 1024 });
        var caller = new Caller(new Interop.InteropClient(channel), scenario, options);
        var phase = new Phase();
        var workers = new Worker[callers];
        var tasks = new Task[callers];
        for (var i = 0; i < callers; i++)
        {
            var worker = workers[i] = new Worker(caller, phase);
            tasks[i] = Task.Run(worker.RunAsync, CancellationToken.None);
        }

        Snapshot start, end;
        IReadOnlyList<AllocationSample>? samples;
        try
        {
            await Delay(options.WarmupSeconds, cancellationToken).ConfigureAwait(false);
            start = await Snapshot.TakeAsync(target, cancellationToken).ConfigureAwait(false);
            sampler?.Start();
            phase.Current = Phase.Measure;
            await Delay(options.DurationSeconds, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Also on Ctrl+C: the callers stop after their current call, and the channel is disposed below.
            phase.Current = Phase.Stop;
            end = await Snapshot.TakeAsync(target, CancellationToken.None).ConfigureAwait(false);
            samples = sampler?.StopAndTake();
            await DrainAsync(tasks, scenario).ConfigureAwait(false);
        }

        var latency = new LatencyHistogram();
        foreach (var worker in workers)
        {
            latency.Add(worker.Latency);
        }
        return new RunResult(
            scenario, target.Name, callers, Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp),
            workers.Sum(w => w.Calls), workers.Sum(w => w.Messages), workers.Sum(w => w.Errors),
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null), latency,
            end.Counters - start.Counters, end.Cpu - start.Cpu,
            end.Server?.Counters - start.Server?.Counters, end.Server?.Cpu - start.Server?.Cpu, samples);
    }

    private static async Task DrainAsync(Task[] callers, Scenario scenario)
    {
        try
        {
            await Task.WhenAll(callers).WaitAsync(DrainTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"{scenario.Name}: callers still busy {DrainTimeout.TotalSeconds} s after the end; the channel is disposed to cancel them.");
        }
    }

    private static Task Delay(double seconds, CancellationToken cancellationToken) =>
        seconds <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);

    /// <summary>The run's phase, read by every caller between calls.</summary>
    private sealed class Phase
    {
        public const int Warmup = 0, Measure = 1, Stop = 2;
        private volatile int _current;

        public int Current
        {
            get => _current;
            set => _current = value;
        }
    }

    /// <summary>Makes one call of the scenario's kind; shared by the callers, it holds the prebuilt requests.</summary>
    private sealed class Caller
    {
        private readonly Interop.InteropClient _client;
        private readonly SimpleRequest _request;
        private readonly StreamingOutputRequest _streamRequest = new();
        private readonly TimeSpan? _deadline;

        public Caller(Interop.InteropClient client, Scenario scenario, LoadOptions options)
        {
            _client = client;
            IsUnary = scenario.Kind == CallKind.Unary;
            _deadline = scenario.DeadlineMs > 0 ? TimeSpan.FromMilliseconds(scenario.DeadlineMs) : null;
            _request = new SimpleRequest
            {
                Payload = options.RequestSize > 0 ? ByteString.CopyFrom(new byte[options.RequestSize]) : ByteString.Empty,
                ResponseSize = options.ResponseSize,
            };
            _streamRequest.ResponseSizes.AddRange(Enumerable.Repeat(options.StreamMessageSize, options.StreamMessages));
        }

        public bool IsUnary { get; }

        private DateTime? Deadline => _deadline is { } d ? DateTime.UtcNow + d : null;

        public Task<SimpleResponse> UnaryAsync() => _client.UnaryCallAsync(_request, deadline: Deadline).ResponseAsync;

        public AsyncServerStreamingCall<SimpleResponse> Stream() => _client.StreamingOutputCall(_streamRequest, deadline: Deadline);
    }

    /// <summary>
    /// One caller: calls in a loop until the phase says stop, and counts and times the calls of the
    /// measured phase. The calls are inline in one async loop, so the tool adds no allocation per call.
    /// </summary>
    private sealed class Worker(Caller caller, Phase phase)
    {
        public LatencyHistogram Latency { get; } = new();

        public long Calls { get; private set; }

        public long Messages { get; private set; }

        public long Errors { get; private set; }

        public string? FirstError { get; private set; }

        public async Task RunAsync()
        {
            while (phase.Current != Phase.Stop)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var messages = 0;
                    if (caller.IsUnary)
                    {
                        await caller.UnaryAsync().ConfigureAwait(false);
                        messages = 1;
                    }
                    else
                    {
                        using var call = caller.Stream();
                        while (await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
                        {
                            messages++;
                        }
                    }
                    if (phase.Current == Phase.Measure)
                    {
                        Latency.Record(Stopwatch.GetTimestamp() - started);
                        Calls++;
                        Messages += messages;
                    }
                }
                catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
                {
                    if (phase.Current == Phase.Measure)
                    {
                        Errors++;
                        FirstError ??= ex.Message;
                    }
                }
            }
        }
    }

    private readonly record struct Snapshot(long Timestamp, ProcessCounters Counters, TimeSpan Cpu, ServerSnapshot? Server)
    {
        public static async Task<Snapshot> TakeAsync(ILoadTarget target, CancellationToken cancellationToken)
        {
            var server = await target.SnapshotAsync(cancellationToken).ConfigureAwait(false);
            using var self = Process.GetCurrentProcess();
            return new Snapshot(Stopwatch.GetTimestamp(), ProcessCounters.Read(), self.TotalProcessorTime, server);
        }
    }
}
