namespace Mmo.Resilience.Internal;

/// <summary>A call that the retry strategy tells before each retry, so it can check its deadline, count and log.</summary>
internal interface IRetryObserver
{
    /// <summary>Called before the back-off of retry <paramref name="attemptNumber"/> + 1 (0-based attempt that failed).</summary>
    void OnRetry(int attemptNumber, TimeSpan delay, Exception? error);
}
