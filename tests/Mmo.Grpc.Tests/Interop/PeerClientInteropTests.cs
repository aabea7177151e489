using Microsoft.Extensions.Logging;
using Mmo.Grpc.Testing;

namespace Mmo.Grpc.Tests.PeerInterop;

/// <summary>
/// The python and node clients run all their cases against our server (<see cref="LoopbackServer"/>);
/// a failure shows their FAIL lines, their output, and the errors our server logged.
/// </summary>
[Collection(InteropCollection.Name)]
[Trait(InteropCollection.Category, InteropCollection.CategoryValue)]
public sealed class PeerClientInteropTests
{
    /// <summary>Ten cases of at most 10 s each when everything goes wrong; a passing run takes a few seconds.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan PrerequisiteTimeout = TimeSpan.FromSeconds(40);

    [Theory]
    [InlineData("python")]
    [InlineData("node")]
    public async Task PeerClient_AgainstOurServer_PassesAllCases(string peerName)
    {
        var peer = InteropPeer.Get(peerName);
        await peer.EnsurePrerequisitesAsync().WaitAsync(PrerequisiteTimeout);
        var logs = new ErrorLogCollector();
        await using var server = await LoopbackServer.StartAsync(logs: logs).DefaultTimeout();

        var run = await PeerProcess.RunAsync(peer.ClientCommand(server.Address.Authority), ClientTimeout);

        Assert.True(run.ExitCode == 0, $"{run.Describe()}\n--- errors logged by our server ---\n{logs.Text}");
        Assert.Equal(InteropClientCases.Names.Select(n => $"PASS {n}"), run.PassLines);
    }

    /// <summary>Keeps what our server logs at Error and above, for the failure message.</summary>
    private sealed class ErrorLogCollector : ILoggerProvider, ILogger
    {
        private readonly OutputCapture _errors = new();

        public string Text => _errors.Text;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                _errors.Add($"{logLevel} {eventId}: {formatter(state, exception)} {exception}");
            }
        }

        public void Dispose()
        {
        }
    }
}
