using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Mmo.Discovery.Consul;

/// <summary>
/// Fills what a registration leaves unset: the name and port from the service's own <c>Service:Name</c> and
/// <c>Service:GrpcPort</c> settings, this host's address, and an instance ID made of the three.
/// </summary>
internal sealed class ConsulRegistrationDefaults(IConfiguration configuration) : IPostConfigureOptions<ConsulRegistrationOptions>
{
    public void PostConfigure(string? name, ConsulRegistrationOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            options.ServiceName = configuration["Service:Name"];
        }
        if (options.GrpcPort == 0 && int.TryParse(configuration["Service:GrpcPort"], out var port))
        {
            options.GrpcPort = port;
        }
        if (string.IsNullOrWhiteSpace(options.Address))
        {
            options.Address = FirstHostAddress().ToString();
        }
        if (string.IsNullOrWhiteSpace(options.ServiceId) && !string.IsNullOrWhiteSpace(options.ServiceName))
        {
            options.ServiceId = $"{options.ServiceName}-{options.Address}-{options.GrpcPort}";
        }
    }

    /// <summary>The first IPv4 address of an interface that is up and not loopback; 127.0.0.1 when there is none.</summary>
    private static IPAddress FirstHostAddress()
    {
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != OperationalStatus.Up || nic.NetworkInterfaceType == NetworkInterfaceType.Loopback)
                {
                    continue;
                }
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(unicast.Address))
                    {
                        return unicast.Address;
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No interface information (a sandbox): fall back to loopback.
        }
        return IPAddress.Loopback;
    }
}
