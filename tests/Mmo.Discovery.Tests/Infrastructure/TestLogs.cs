using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mmo.Discovery.Tests.Infrastructure;

/// <summary>One log message written during a test.</summary>
internal sealed record LogRecord(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Name}]: {Message}{(Exception is null ? "" : " " + Exception)}";
}

/// <summary>Collects logs so a test can check what was logged and fail on unexpected errors (grpc-dotnet's VerifyNoErrorsScope).</summary>
internal sealed class TestLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> _records = new();

    public IReadOnlyCollection<LogRecord> Records => _records.ToArray();

    public int Count(string eventName) => _records.Count(r => r.EventId.Name == eventName);

    public void AssertNoErrors()
    {
        var errors = _records.Where(r => r.Level >= LogLevel.Error).ToList();
        if (errors.Count > 0)
        {
            Assert.Fail("Unexpected errors were logged:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._records.Enqueue(new LogRecord(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
