using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mmo.Resilience.Tests.Infrastructure;

/// <summary>One log record, with the values of its placeholders.</summary>
internal sealed record LogRecord(LogLevel Level, EventId Id, string Message, IReadOnlyDictionary<string, object?> Values);

/// <summary>Keeps every log record, so a test can fail on errors it did not expect and read what was logged.</summary>
internal sealed class ErrorLogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<LogRecord> _all = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public IReadOnlyList<LogRecord> All => [.. _all];

    /// <summary>Forgets the records so far, but not the errors: those still fail the test.</summary>
    public void ClearRecords() => _all.Clear();

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(ErrorLogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var values = new Dictionary<string, object?>();
            if (state is IReadOnlyList<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values[key] = value;
                }
            }
            owner._all.Enqueue(new LogRecord(logLevel, eventId, message, values));
            if (logLevel >= LogLevel.Error)
            {
                owner._errors.Enqueue($"{category}: {message} {exception}");
            }
        }
    }
}
