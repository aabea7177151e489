using Microsoft.Extensions.Hosting;
using Mmo.Discovery.Tests.Infrastructure;

namespace Mmo.Discovery.Tests;

/// <summary>Bad settings stop the host at start, with a message that names the setting.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Discovery:Mode", "zookeeper", "Discovery:Mode")]
    [InlineData("Discovery:Scheme", "grpc", "Discovery:Scheme must be 'http' or 'https'")]
    [InlineData("Discovery:Static:Services:auth:0", "127.0.0.1:5101", "Discovery:Static:Services:auth:0 = '127.0.0.1:5101'")]
    [InlineData("Discovery:Consul:Address", "consul:8500", "Discovery:Consul:Address must be an absolute http://")]
    [InlineData("Discovery:Consul:BlockingWaitSeconds", "601", "Discovery:Consul:BlockingWaitSeconds")]
    [InlineData("Discovery:Dns:Server", "dns.local", "Discovery:Dns:Server must be an IP address")]
    [InlineData("Discovery:Dns:RefreshSeconds", "0", "Discovery:Dns:RefreshSeconds")]
    [InlineData("Discovery:Balancing:FailureRatio", "2", "Discovery:Balancing:FailureRatio")]
    [InlineData("Discovery:Balancing:MaxBreakMs", "10", "Discovery:Balancing:MaxBreakMs must not be less than")]
    public async Task StartAsync_BadSetting_FailsNamingIt(string key, string value, string expected)
    {
        var error = await StartFailureAsync(new() { [key] = value });

        Assert.Contains(expected, error.ToString());
    }

    [Fact]
    public async Task StartAsync_ConsulModeWithoutAServiceName_FailsNamingTheRegistrationSetting()
    {
        var error = await StartFailureAsync(new() { ["Discovery:Mode"] = "consul", ["Discovery:Consul:Registration:GrpcPort"] = "5101" });

        Assert.Contains("Discovery:Consul:Registration:ServiceName (or Service:Name) is required", error.ToString());
    }

    [Fact]
    public async Task StartAsync_DnsModeWithoutServerOrResolvConf_FailsNamingBothSettings()
    {
        var error = await StartFailureAsync(new() { ["Discovery:Mode"] = "Dns", ["Discovery:Dns:ResolvConfPath"] = "/nonexistent/resolv.conf" });

        Assert.Contains("Discovery:Dns:Server is not set and the file of Discovery:Dns:ResolvConfPath", error.ToString());
    }

    [Fact]
    public async Task StartAsync_DnsModeWithoutAPortForACalledService_FailsNamingThePortSettings()
    {
        var error = await StartFailureAsync(new() { ["Discovery:Mode"] = "dns", ["Discovery:Dns:Server"] = "127.0.0.1:53" });

        Assert.Contains("no port for service 'auth': set Discovery:Dns:Services:auth:Port or Discovery:Dns:Port", error.ToString());
    }

    [Fact]
    public async Task StartAsync_DefaultSettings_StartsInStaticMode()
    {
        using var host = ClientHost.Build(new Dictionary<string, string?>(), null, out _, out _);

        await host.StartAsync().DefaultTimeout();

        Assert.IsType<Static.StaticServiceResolver>(host.Services.GetService(typeof(IServiceResolver)));
        await host.StopAsync().DefaultTimeout();
    }

    private static async Task<Exception> StartFailureAsync(Dictionary<string, string?> settings)
    {
        using var host = ClientHost.Build(settings, null, out _, out _);
        return await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync().DefaultTimeout());
    }
}
