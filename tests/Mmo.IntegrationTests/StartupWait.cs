using Grpc.Core;

namespace Mmo.IntegrationTests;

/// <summary>Retries a first call while a started process is still opening its ports (bounded to 30 s).</summary>
internal static class StartupWait
{
    public static async Task<T> UntilAsync<T>(ServiceProcess process, Func<Task<T>> call)
    {
        var giveUpAt = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < giveUpAt && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }
}
