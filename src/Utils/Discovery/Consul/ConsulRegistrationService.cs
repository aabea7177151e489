using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mmo.Discovery.Diagnostics;
using Mmo.Discovery.Internal;

namespace Mmo.Discovery.Consul;

/// <summary>
/// Registers this process with the local Consul agent when the host starts (mode <c>Consul</c>, registration
/// enabled) and deregisters it when the host stops. The registration carries a gRPC health check, so the agent
/// reports the instance as passing only while its grpc.health.v1 says SERVING, and removes it after
/// <see cref="ConsulRegistrationOptions.DeregisterCriticalServiceAfterSeconds"/> if the process dies without
/// deregistering. An unreachable agent does not stop the host from starting: registration is retried with
/// backoff in the background.
/// </summary>
public sealed class ConsulRegistrationService : IHostedService, IDisposable
{
    private readonly ConsulClient _client;
    private readonly DiscoveryOptions _discovery;
    private readonly ConsulDiscoveryOptions _consul;
    private readonly IOptions<ConsulRegistrationOptions> _registration;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private ConsulServiceRegistration? _body;

    internal ConsulRegistrationService(
        ConsulClient client,
        IOptions<DiscoveryOptions> discovery,
        IOptions<ConsulDiscoveryOptions> consul,
        IOptions<ConsulRegistrationOptions> registration,
        ILogger<ConsulRegistrationService> logger,
        TimeProvider time)
    {
        _client = client;
        _discovery = discovery.Value;
        _consul = consul.Value;
        _registration = registration;
        _logger = logger;
        _time = time;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_discovery.Mode != DiscoveryMode.Consul || !_registration.Value.Enabled)
        {
            return Task.CompletedTask;
        }
        _body = CreateBody(_registration.Value);
        _loop = RegisterAsync(_body, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null || _body is null)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        try
        {
            // Sent even when no registration was confirmed: one may have reached the agent, and deregistering an
            // unknown ID is a no-op there.
            await _client.DeregisterAsync(_body.ID, cancellationToken).ConfigureAwait(false);
            DiscoveryLog.ConsulDeregistered(_logger, _body.Name, _body.ID);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            DiscoveryLog.ConsulDeregistrationFailed(_logger, _body.ID, ex);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RegisterAsync(ConsulServiceRegistration body, CancellationToken stopping)
    {
        var initial = TimeSpan.FromMilliseconds(_consul.ErrorBackoffMs);
        var max = TimeSpan.FromMilliseconds(Math.Max(_consul.MaxErrorBackoffMs, _consul.ErrorBackoffMs));
        for (var failures = 0; ; failures++)
        {
            try
            {
                await _client.RegisterAsync(body, stopping).ConfigureAwait(false);
                DiscoveryLog.ConsulRegistered(_logger, body.Name, body.ID, body.Address, body.Port);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = Backoff.For(failures + 1, initial, max);
                DiscoveryLog.ConsulRegistrationFailed(_logger, body.ID, delay.TotalMilliseconds, ex.Message);
                try
                {
                    await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static ConsulServiceRegistration CreateBody(ConsulRegistrationOptions options)
    {
        var address = options.Address!;
        var checkHost = IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : address;
        return new ConsulServiceRegistration
        {
            ID = options.ServiceId!,
            Name = options.ServiceName!,
            Address = address,
            Port = options.GrpcPort,
            Tags = [.. options.Tags],
            Meta = new Dictionary<string, string>(options.Meta, StringComparer.Ordinal),
            Check = new ConsulAgentCheck
            {
                Name = $"gRPC health of {options.ServiceName}",
                GRPC = string.Create(CultureInfo.InvariantCulture, $"{checkHost}:{options.GrpcPort}"),
                GRPCUseTLS = options.CheckUseTls,
                Interval = Seconds(options.CheckIntervalSeconds),
                Timeout = Seconds(options.CheckTimeoutSeconds),
                DeregisterCriticalServiceAfter = Seconds(options.DeregisterCriticalServiceAfterSeconds),
            },
        };
    }

    private static string Seconds(int seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds}s");
}
