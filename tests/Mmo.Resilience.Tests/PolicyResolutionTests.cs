using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Mmo.Resilience.Tests;

/// <summary>How a method's and a service's policy is found: layers, precedence, defaults.</summary>
public class PolicyResolutionTests
{
    [Fact]
    public void GetMethodPolicy_NothingDeclared_BuiltInDefaults()
    {
        using var services = ResilienceTestHost.CreateServices();

        var policy = services.GetRequiredService<GrpcPolicyResolver>().GetMethodPolicy("mmo.auth.v1.Auth", "ValidateSession");

        Assert.False(policy.Idempotent);
        Assert.False(policy.RetriesEnabled);
        Assert.Equal(TimeSpan.FromSeconds(5), policy.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), policy.TotalTimeout);
        Assert.Null(policy.StreamingTimeout);
        Assert.Equal(2, policy.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(2), policy.RetryMaxDelay);
        Assert.True(policy.RetryJitter);
        Assert.Equal([StatusCode.Unavailable], policy.RetryableStatuses);
    }

    [Fact]
    public void GetMethodPolicy_GlobalServiceAndMethodKeys_NarrowestSetsEachSetting()
    {
        using var services = ResilienceTestHost.CreateServices(configuration: new Dictionary<string, string?>
        {
            ["Resilience:Methods:*/*:Timeout"] = "00:00:03",
            ["Resilience:Methods:*/*:MaxRetries"] = "1",
            ["Resilience:Methods:mmo.auth.v1.Auth/*:MaxRetries"] = "4",
            ["Resilience:Methods:mmo.auth.v1.Auth/*:RetryableStatuses:0"] = "Unavailable",
            ["Resilience:Methods:mmo.auth.v1.Auth/*:RetryableStatuses:1"] = "ResourceExhausted",
            ["Resilience:Methods:mmo.auth.v1.Auth/ValidateSession:Idempotent"] = "true",
            ["Resilience:Methods:mmo.auth.v1.Auth/ValidateSession:Timeout"] = "00:00:00.250",
        });
        var resolver = services.GetRequiredService<GrpcPolicyResolver>();

        var exact = resolver.GetMethodPolicy("mmo.auth.v1.Auth", "ValidateSession");
        var sibling = resolver.GetMethodPolicy("mmo.auth.v1.Auth", "Login");
        var other = resolver.GetMethodPolicy("mmo.world.v1.World", "Enter");

        Assert.True(exact.Idempotent);
        Assert.Equal(TimeSpan.FromMilliseconds(250), exact.Timeout);
        Assert.Equal(4, exact.MaxRetries);
        Assert.Equal([StatusCode.ResourceExhausted, StatusCode.Unavailable], exact.RetryableStatuses.Order());
        Assert.False(sibling.Idempotent);
        Assert.Equal(TimeSpan.FromSeconds(3), sibling.Timeout);
        Assert.Equal(4, sibling.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(3), other.Timeout);
        Assert.Equal(1, other.MaxRetries);
        Assert.Equal([StatusCode.Unavailable], other.RetryableStatuses);
    }

    [Fact]
    public void GetMethodPolicy_CodeAndConfigurationAtSameKey_ConfigurationOverridesOnlyWhatItSets()
    {
        using var services = ResilienceTestHost.CreateServices(
            policies => policies.ForMethod("mmo.auth.v1.Auth/ValidateSession").Idempotent().Timeout(TimeSpan.FromSeconds(2)),
            new Dictionary<string, string?> { ["Resilience:Methods:mmo.auth.v1.Auth/ValidateSession:Timeout"] = "00:00:01" });

        var policy = services.GetRequiredService<GrpcPolicyResolver>().GetMethodPolicy("mmo.auth.v1.Auth", "ValidateSession");

        Assert.True(policy.Idempotent);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.Timeout);
    }

    [Fact]
    public void GetMethodPolicy_CodeMethodKeyAndConfiguredServiceKey_NarrowerKeyWinsWhateverItsSource()
    {
        using var services = ResilienceTestHost.CreateServices(
            policies => policies.ForMethod("mmo.auth.v1.Auth/ValidateSession").Timeout(TimeSpan.FromSeconds(2)),
            new Dictionary<string, string?> { ["Resilience:Methods:mmo.auth.v1.Auth/*:Timeout"] = "00:00:09" });
        var resolver = services.GetRequiredService<GrpcPolicyResolver>();

        Assert.Equal(TimeSpan.FromSeconds(2), resolver.GetMethodPolicy("mmo.auth.v1.Auth", "ValidateSession").Timeout);
        Assert.Equal(TimeSpan.FromSeconds(9), resolver.GetMethodPolicy("mmo.auth.v1.Auth", "Login").Timeout);
    }

    [Fact]
    public void GetMethodPolicy_KeyInOtherCase_StillMatches()
    {
        using var services = ResilienceTestHost.CreateServices(configuration: new Dictionary<string, string?>
        {
            ["Resilience:Methods:MMO.AUTH.V1.AUTH/validatesession:Idempotent"] = "true",
        });

        Assert.True(services.GetRequiredService<GrpcPolicyResolver>().GetMethodPolicy("mmo.auth.v1.Auth", "ValidateSession").Idempotent);
    }

    [Fact]
    public void GetMethodPolicy_OnlyTimeoutSet_TotalTimeoutFollowsItAndExplicitOneWins()
    {
        using var services = ResilienceTestHost.CreateServices(policies =>
        {
            policies.ForAllMethods().Timeout(TimeSpan.FromSeconds(1));
            policies.ForMethod("a.B/Long").TotalTimeout(TimeSpan.FromSeconds(3)).StreamingTimeout(TimeSpan.FromMinutes(1));
        });
        var resolver = services.GetRequiredService<GrpcPolicyResolver>();

        Assert.Equal(TimeSpan.FromSeconds(1), resolver.GetMethodPolicy("a.B", "Short").TotalTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), resolver.GetMethodPolicy("a.B", "Long").TotalTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), resolver.GetMethodPolicy("a.B", "Long").StreamingTimeout);
    }

    [Fact]
    public void GetServicePolicy_StarAndServiceLayers_MergedWithBreakerOffByDefault()
    {
        using var services = ResilienceTestHost.CreateServices(
            policies => policies.ForService("*").Bulkhead(maxConcurrentCalls: 100, maxQueuedCalls: 10),
            new Dictionary<string, string?>
            {
                ["Resilience:Services:mmo.database.v1.Database:MaxConcurrentCalls"] = "8",
                ["Resilience:Services:mmo.database.v1.Database:RejectionStatus"] = "Unavailable",
                ["Resilience:Services:mmo.database.v1.Database:CircuitBreaker:Enabled"] = "true",
                ["Resilience:Services:mmo.database.v1.Database:CircuitBreaker:BreakDuration"] = "00:00:30",
            });
        var resolver = services.GetRequiredService<GrpcPolicyResolver>();

        var database = resolver.GetServicePolicy("mmo.database.v1.Database");
        var auth = resolver.GetServicePolicy("mmo.auth.v1.Auth");

        Assert.Equal(8, database.MaxConcurrentCalls);
        Assert.Equal(10, database.MaxQueuedCalls);
        Assert.Equal(StatusCode.Unavailable, database.RejectionStatus);
        Assert.NotNull(database.CircuitBreaker);
        Assert.Equal(TimeSpan.FromSeconds(30), database.CircuitBreaker.BreakDuration);
        Assert.Equal(GrpcCircuitBreakerPolicy.Default.FailureRatio, database.CircuitBreaker.FailureRatio);
        Assert.Equal(100, auth.MaxConcurrentCalls);
        Assert.Equal(StatusCode.ResourceExhausted, auth.RejectionStatus);
        Assert.Null(auth.CircuitBreaker);
    }

    [Fact]
    public void GetServicePolicy_NothingDeclared_NoBulkheadNoBreaker()
    {
        using var services = ResilienceTestHost.CreateServices();

        var policy = services.GetRequiredService<GrpcPolicyResolver>().GetServicePolicy("mmo.auth.v1.Auth");

        Assert.False(policy.BulkheadEnabled);
        Assert.Null(policy.CircuitBreaker);
    }
}
