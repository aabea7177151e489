namespace Mmo.Discovery.Tests.Infrastructure;

/// <summary>Waits for a condition by polling, with a deadline: the way to observe background work without sleeping blindly.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TaskExtensions.Timeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {(timeout ?? TaskExtensions.Timeout).TotalSeconds} s waiting for: {what}");
            }
            await Task.Delay(20);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TaskExtensions.Timeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {(timeout ?? TaskExtensions.Timeout).TotalSeconds} s waiting for: {what}");
            }
            await Task.Delay(20);
        }
    }
}
