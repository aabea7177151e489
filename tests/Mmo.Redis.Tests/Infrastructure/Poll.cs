using System.Diagnostics;

namespace Mmo.Redis.Tests.Infrastructure;

/// <summary>Waits for a condition by polling it, failing the test at a deadline: the only waiting tests do.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition().DefaultTimeout())
        {
            if (clock.Elapsed > deadline)
            {
                Assert.Fail($"Timed out after {deadline.TotalSeconds:0.#} s waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Polls until <paramref name="attempt"/> succeeds without throwing.</summary>
    public static Task UntilSucceedsAsync(Func<Task> attempt, TimeSpan deadline, string what) =>
        UntilAsync(
            async () =>
            {
                try
                {
                    await attempt();
                    return true;
                }
                catch (RedisException)
                {
                    return false;
                }
            },
            deadline,
            what);
}
