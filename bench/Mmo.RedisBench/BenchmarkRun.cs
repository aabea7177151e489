using System.Diagnostics;
using Mmo.Redis;

namespace Mmo.RedisBench;

/// <summary>One figure of the client: a command, a number of concurrent callers, ops/s and bytes allocated per command.</summary>
internal sealed record ClientResult(string Command, int Callers, double OpsPerSecond, double BytesPerCommand);

internal sealed record BenchmarkResults(IReadOnlyList<ClientResult> Client, RedisBenchmarkResult Pipelined, RedisBenchmarkResult Single);

/// <summary>
/// Runs the scenarios: each caller awaits one command at a time in a loop, as application code does; callers
/// share one client (one connection), so with 50 callers up to 50 commands are pipelined together.
/// </summary>
internal static class BenchmarkRun
{
    private const string Key = "key:__rand_int__";
    private const string Value = "xxx"; // redis-benchmark's default 3-byte payload

    public static async Task<BenchmarkResults> RunAsync(int port, TimeSpan duration)
    {
        var results = new List<ClientResult>();
        await using (var client = new RedisClient($"127.0.0.1:{port}"))
        {
            await client.SetAsync(Key, Value);
            foreach (var callers in new[] { 1, 50 })
            {
                results.Add(await MeasureAsync("SET", callers, duration, () => client.SetAsync(Key, Value), stored => stored));
                results.Add(await MeasureAsync("GET", callers, duration, () => client.GetAsync(Key), value => value is not null));
            }
        }

        var pipelined = await RedisBenchmark.RunAsync(port, "-P 16 -c 50 -n 200000");
        var single = await RedisBenchmark.RunAsync(port, "-P 1 -c 1 -n 20000");
        return new BenchmarkResults(results, pipelined, single);
    }

    // `call` returns the client's ValueTask itself (an async lambda would add an allocation of its own to every
    // command); `succeeded` checks each result, so a broken client cannot look fast.
    private static async Task<ClientResult> MeasureAsync<T>(string command, int callers, TimeSpan duration, Func<ValueTask<T>> call, Func<T, bool> succeeded)
    {
        await LoopAsync(callers, TimeSpan.FromSeconds(1), call, succeeded); // warm-up: JIT, pools, connection
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var operations = await LoopAsync(callers, duration, call, succeeded);
        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new ClientResult(command, callers, operations / elapsed.TotalSeconds, (double)allocated / operations);
    }

    private static async Task<long> LoopAsync<T>(int callers, TimeSpan duration, Func<ValueTask<T>> call, Func<T, bool> succeeded)
    {
        using var stop = new CancellationTokenSource(duration);
        var loops = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            long count = 0;
            while (!stop.IsCancellationRequested)
            {
                if (!succeeded(await call()))
                {
                    throw new InvalidOperationException("A command did not succeed.");
                }

                count++;
            }

            return count;
        }));
        return (await Task.WhenAll(loops)).Sum();
    }
}
