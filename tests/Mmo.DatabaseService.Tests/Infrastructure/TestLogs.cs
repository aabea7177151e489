using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mmo.DatabaseService.Tests.Infrastructure;

/// <summary>One log message the service wrote during a test.</summary>
internal sealed record LogRecord(long Sequence, string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id}]: {Message}{(Exception is null ? "" : " " + Exception)}";
}

/// <summary>Collects the service's logs so that a test fails on an Error it did not expect (grpc-dotnet's VerifyNoErrorsScope).</summary>
internal sealed class TestLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> _records = new();
    private readonly ConcurrentQueue<Func<LogRecord, bool>> _expectedErrors = new();
    private long _sequence;

    public IReadOnlyCollection<LogRecord> Records => _records.ToArray();

    /// <summary>The sequence number of the next record: pass it to <see cref="AssertNoUnexpectedErrors"/> to look only at what came after.</summary>
    public long Mark() => Interlocked.Read(ref _sequence) + 1;

    /// <summary>Allows errors that match: the test provokes them on purpose.</summary>
    public void ExpectError(Func<LogRecord, bool> match) => _expectedErrors.Enqueue(match);

    public void AssertNoUnexpectedErrors(long since = 0)
    {
        var unexpected = _records
            .Where(r => r.Sequence >= since && r.Level >= LogLevel.Error && !_expectedErrors.Any(allow => allow(r)))
            .ToList();
        if (unexpected.Count > 0)
        {
            Assert.Fail("The service logged unexpected errors:" + Environment.NewLine + string.Join(Environment.NewLine, unexpected));
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._records.Enqueue(new LogRecord(Interlocked.Increment(ref logs._sequence), category, logLevel, eventId, formatter(state, exception), exception));
    }
}
