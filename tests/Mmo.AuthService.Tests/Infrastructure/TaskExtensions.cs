namespace Mmo.AuthService.Tests.Infrastructure;

/// <summary>Every await in a test has a timeout, so a hang fails the test instead of the run.</summary>
internal static class TaskExtensions
{
    public static Task<T> DefaultTimeout<T>(this Task<T> task) => task.WaitAsync(TimeSpan.FromSeconds(30));

    public static Task DefaultTimeout(this Task task) => task.WaitAsync(TimeSpan.FromSeconds(30));
}
