using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mmo.Grpc.Tests.Infrastructure;

/// <summary>One log message a server wrote during a test.</summary>
internal sealed record LogRecord(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id}]: {Message}{(Exception is null ? "" : " " + Exception)}";
}

/// <summary>
/// Collects a server's logs so a test can fail on an unexpected Error (grpc-dotnet's VerifyNoErrorsScope)
/// and wait for a message the server writes when something happens on its side.
/// </summary>
internal sealed class TestLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> _records = new();
    private readonly ConcurrentQueue<Func<LogRecord, bool>> _expectedErrors = new();
    private readonly Lock _lock = new();
    private readonly List<(Func<LogRecord, bool> Match, TaskCompletionSource<LogRecord> Found)> _waiters = [];

    public IReadOnlyCollection<LogRecord> Records => _records.ToArray();

    /// <summary>Allows errors that match <paramref name="match"/>: the test provokes them on purpose.</summary>
    public void ExpectError(Func<LogRecord, bool> match) => _expectedErrors.Enqueue(match);

    /// <summary>Completes with the first record (past or future) that matches.</summary>
    public Task<LogRecord> WaitForAsync(Func<LogRecord, bool> match)
    {
        lock (_lock)
        {
            foreach (var record in _records)
            {
                if (match(record))
                {
                    return Task.FromResult(record);
                }
            }
            var found = new TaskCompletionSource<LogRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, found));
            return found.Task;
        }
    }

    /// <summary>Fails when an Error or Critical record was written that no <see cref="ExpectError"/> allowed.</summary>
    public void AssertNoUnexpectedErrors()
    {
        var unexpected = _records
            .Where(r => r.Level >= LogLevel.Error && !_expectedErrors.Any(allow => allow(r)))
            .ToList();
        if (unexpected.Count > 0)
        {
            Assert.Fail("The server logged unexpected errors:" + Environment.NewLine + string.Join(Environment.NewLine, unexpected));
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogRecord record)
    {
        lock (_lock)
        {
            _records.Enqueue(record);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(record))
                {
                    _waiters[i].Found.TrySetResult(record);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private sealed class Logger(TestLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Add(new LogRecord(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
