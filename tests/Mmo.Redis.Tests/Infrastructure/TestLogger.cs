using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mmo.Redis.Tests.Infrastructure;

/// <summary>Records what the client logs, so a test can fail on an unexpected error.</summary>
internal sealed class TestLogger : ILogger<RedisClient>
{
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception), exception));

    /// <summary>
    /// Waits (polling, with a deadline) for an entry: the client logs what happened to a connection on its own
    /// loop, a moment after callers have seen the effect.
    /// </summary>
    public Task WaitForEntryAsync(Func<(LogLevel Level, string Message, Exception? Exception), bool> match, string what) =>
        Poll.UntilAsync(() => Task.FromResult(Entries.Any(match)), TimeSpan.FromSeconds(5), what);

    public void AssertNoErrors() =>
        Assert.DoesNotContain(Entries, entry => entry.Level >= LogLevel.Error);
}
