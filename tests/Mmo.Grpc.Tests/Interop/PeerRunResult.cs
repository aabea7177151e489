namespace Mmo.Grpc.Tests.PeerInterop;

/// <summary>What a peer process that ran to completion (or was killed at its timeout) printed.</summary>
public sealed record PeerRunResult(PeerCommand Command, int? ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    /// <summary>The clients' "FAIL &lt;case&gt;: &lt;reason&gt;" lines.</summary>
    public IEnumerable<string> FailLines => Lines(Stdout).Where(l => l.StartsWith("FAIL ", StringComparison.Ordinal));

    /// <summary>The clients' "PASS &lt;case&gt;" lines.</summary>
    public IEnumerable<string> PassLines => Lines(Stdout).Where(l => l.StartsWith("PASS ", StringComparison.Ordinal));

    /// <summary>A failure message: the command, how it ended, the FAIL lines first, then all output.</summary>
    public string Describe()
    {
        var ending = TimedOut ? "was killed at its timeout" : $"exited with code {ExitCode}";
        var fails = FailLines.ToList();
        return $"""
            `{Command}` {ending}.
            {(fails.Count > 0 ? string.Join('\n', fails) : "(no FAIL lines)")}
            --- stdout ---
            {Stdout}
            --- stderr ---
            {Stderr}
            """;
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
