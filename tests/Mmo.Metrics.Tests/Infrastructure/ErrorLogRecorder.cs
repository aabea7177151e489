using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mmo.Metrics.Tests.Infrastructure;

/// <summary>Keeps every Error or Critical log line of a test host, so a test fails on errors it did not expect.</summary>
internal sealed class ErrorLogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(ErrorLogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
