using Mmo.Grpc.Testing;

namespace Mmo.GrpcLoad;

/// <summary>
/// <c>Mmo.GrpcLoad serve</c>: our server alone in its own process, so the load tool can measure each side
/// apart. Prints <c>LISTENING port</c>; then answers each <c>STATS</c> line on stdin with
/// <c>STATS</c> and the process's <see cref="ProcessCounters"/>; stops at the end of stdin.
/// </summary>
internal static class ServeCommand
{
    public const string Name = "serve";
    public const string StatsRequest = "STATS";

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var server = await LoopbackServer.StartAsync().ConfigureAwait(false);
        Console.Out.WriteLine(FormattableString.Invariant($"LISTENING {server.Address.Port}"));
        Console.Out.Flush();
        try
        {
            while (await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line == StatsRequest)
                {
                    Console.Out.WriteLine(StatsRequest + " " + ProcessCounters.Read().Format());
                    Console.Out.Flush();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or Ctrl+C: stop like at the end of stdin.
        }
        return 0;
    }
}
