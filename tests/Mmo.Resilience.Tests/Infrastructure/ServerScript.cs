using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Mmo.Testing.V1;

namespace Mmo.Resilience.Tests.Infrastructure;

/// <summary>What the server saw of one attempt: when it arrived (Stopwatch ticks) and the deadline it carried.</summary>
internal sealed record ServerAttempt(int Number, long Timestamp, DateTime ReceivedUtc, DateTime Deadline);

/// <summary>
/// Tells <see cref="ScriptedInterop"/> how to answer, attempt by attempt, and records every attempt it receives: the
/// server that fails on command. Behaviours get the 1-based attempt number.
/// </summary>
internal sealed class ServerScript
{
    private readonly ConcurrentQueue<ServerAttempt> _attempts = new();
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _count;

    /// <summary>The answer to attempt n. Default: a response.</summary>
    public Func<int, ServerCallContext, Task<SimpleResponse>> Unary { get; set; } = (_, _) => Task.FromResult(new SimpleResponse());

    public int AttemptCount => Volatile.Read(ref _count);

    public IReadOnlyList<ServerAttempt> Attempts => [.. _attempts.OrderBy(a => a.Number)];

    /// <summary>Completes once the server has received <paramref name="count"/> attempts.</summary>
    public Task WaitForAttemptsAsync(int count)
    {
        lock (_lock)
        {
            if (_count >= count)
            {
                return Task.CompletedTask;
            }
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    /// <summary>Forgets the attempts seen so far (after a warm-up call).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _count = 0;
            _attempts.Clear();
        }
    }

    /// <summary>Records an attempt and returns its number.</summary>
    public int Record(ServerCallContext context)
    {
        lock (_lock)
        {
            var number = ++_count;
            _attempts.Enqueue(new ServerAttempt(number, Stopwatch.GetTimestamp(), DateTime.UtcNow, context.Deadline));
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= number)
                {
                    _waiters[i].Reached.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
            return number;
        }
    }

    /// <summary>Fails the first <paramref name="failures"/> attempts with <paramref name="status"/>, then answers.</summary>
    public static Func<int, ServerCallContext, Task<SimpleResponse>> FailFirst(int failures, StatusCode status) =>
        (attempt, _) => attempt <= failures
            ? Task.FromException<SimpleResponse>(new RpcException(new Status(status, $"Scripted failure of attempt {attempt}.")))
            : Task.FromResult(new SimpleResponse());

    /// <summary>Fails every attempt with <paramref name="status"/>.</summary>
    public static Func<int, ServerCallContext, Task<SimpleResponse>> Always(StatusCode status) => FailFirst(int.MaxValue, status);

    /// <summary>Answers only when the call is cancelled (deadline, caller, connection lost): a server that hangs.</summary>
    public static Func<int, ServerCallContext, Task<SimpleResponse>> Hang =>
        async (_, context) =>
        {
            await Task.Delay(System.Threading.Timeout.Infinite, context.CancellationToken);
            return new SimpleResponse();
        };
}
