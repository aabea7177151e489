using Grpc.Core;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Mmo.IntegrationTests;

/// <summary>Waits (at most 30 s) for a started process to open its ports and report SERVING.</summary>
internal static class StartupWait
{
    public static async Task<ServingStatus> UntilServingAsync(ServiceProcess process, Health.HealthClient client)
    {
        var giveUpAt = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            ServingStatus? status = null;
            try
            {
                status = (await client.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5))).Status;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && DateTime.UtcNow < giveUpAt && !process.HasExited)
            {
                // Not listening yet, or still warming up (a first TLS handshake on a busy machine can take seconds).
            }
            if (status == ServingStatus.Serving || (status is not null && DateTime.UtcNow >= giveUpAt))
            {
                return status.Value;
            }
            await Task.Delay(100);
        }
    }
}
