namespace Mmo.DatabaseService.Tests;

/// <summary>Every await in a test has a bound, so a bug shows as a failure rather than a hung run.</summary>
internal static class TaskExtensions
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(Timeout);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(Timeout);
}
