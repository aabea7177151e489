using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mmo.Resilience.Tests;

/// <summary>Bad policies fail at start-up with messages that name the setting and say what would be right.</summary>
public class OptionsValidationTests
{
    [Fact]
    public void Options_InvalidConfiguration_FailWithOneMessagePerProblem()
    {
        using var services = ResilienceTestHost.CreateServices(configuration: new Dictionary<string, string?>
        {
            ["Resilience:Methods:*/ValidateSession:Idempotent"] = "true",
            ["Resilience:Methods:mmo.auth.v1.Auth/Login:MaxRetries"] = "50",
            ["Resilience:Methods:mmo.auth.v1.Auth/Login:Timeout"] = "00:00:00",
            ["Resilience:Methods:mmo.auth.v1.Auth/Login:RetryableStatuses:0"] = "Cancelled",
            ["Resilience:Services:mmo.auth.v1.Auth:RejectionStatus"] = "NotFound",
            ["Resilience:Services:mmo.auth.v1.Auth:CircuitBreaker:BreakDuration"] = "00:00:00.100",
            ["Resilience:Services:mmo.auth.v1.Auth:CircuitBreaker:FailureRatio"] = "1.5",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GrpcResilienceOptions>>().Value);

        Assert.Collection(error.Failures.Order(),
            f => Assert.Contains("Resilience:Methods:*/ValidateSession: '*/ValidateSession' is not a method policy key", f),
            f => Assert.Contains("Resilience:Methods:mmo.auth.v1.Auth/Login:MaxRetries is 50: give 0 to 10", f),
            f => Assert.Contains("Resilience:Methods:mmo.auth.v1.Auth/Login:RetryableStatuses holds Cancelled", f),
            f => Assert.Contains("Resilience:Methods:mmo.auth.v1.Auth/Login:Timeout is 00:00:00: give a positive duration", f),
            f => Assert.Contains("Resilience:Services:mmo.auth.v1.Auth:CircuitBreaker:BreakDuration is 00:00:00.1000000: give 00:00:00.5000000 to 1.00:00:00", f),
            f => Assert.Contains("Resilience:Services:mmo.auth.v1.Auth:CircuitBreaker:FailureRatio is 1.5", f),
            f => Assert.Contains("Resilience:Services:mmo.auth.v1.Auth:RejectionStatus is NotFound: give ResourceExhausted or Unavailable", f));
    }

    [Fact]
    public void Options_InvalidCodePolicy_FailsAtStartUpToo()
    {
        using var services = ResilienceTestHost.CreateServices(policies =>
            policies.ForService("mmo.auth.v1.Auth").CircuitBreaker(configure: b => b.MinimumThroughput = 1));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GrpcResilienceOptions>>().Value);

        Assert.Contains("Code policy:Services:mmo.auth.v1.Auth:CircuitBreaker:MinimumThroughput is 1: give 2 or more.", error.Failures);
    }

    [Theory]
    [InlineData("*/Login")]
    [InlineData("mmo.auth.v1.Auth")]
    [InlineData("mmo.auth.v1.Auth/Login/Extra")]
    [InlineData("/Login")]
    [InlineData("mmo.auth.v1.Auth/")]
    public void ForMethod_MalformedKey_Throws(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new GrpcResiliencePolicies().ForMethod(key));

        Assert.Contains("'package.Service/Method', 'package.Service/*' or '*/*'", error.Message);
    }

    [Fact]
    public void RetryOn_CancelledStatus_Throws()
    {
        var builder = new GrpcResiliencePolicies().ForMethod("a.B/C");

        Assert.Throws<ArgumentException>(() => builder.RetryOn(StatusCode.Unavailable, StatusCode.Cancelled));
    }
}
