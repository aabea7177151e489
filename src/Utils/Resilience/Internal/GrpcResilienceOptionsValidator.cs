using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Mmo.Resilience.Internal;

/// <summary>
/// Checks every policy layer, from configuration and from code, at start-up; each message names the setting, what
/// is wrong and what would be right.
/// </summary>
internal sealed class GrpcResilienceOptionsValidator(IOptions<GrpcResiliencePolicies> code) : IValidateOptions<GrpcResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, GrpcResilienceOptions options)
    {
        var errors = new List<string>();
        Check(errors, "Resilience", options.Methods, options.Services);
        Check(errors, "Code policy", code.Value.Methods, code.Value.Services);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string source, Dictionary<string, GrpcMethodPolicyOptions>? methods, Dictionary<string, GrpcServicePolicyOptions>? services)
    {
        foreach (var (key, method) in methods ?? [])
        {
            if (!PolicyKeys.IsValidMethodKey(key))
            {
                errors.Add($"{source}:Methods:{key}: {PolicyKeys.MethodKeyHelp(key)}");
            }
            if (method is not null)
            {
                CheckMethod(errors, $"{source}:Methods:{key}", method);
            }
        }
        foreach (var (key, service) in services ?? [])
        {
            if (!PolicyKeys.IsValidServiceKey(key))
            {
                errors.Add($"{source}:Services:{key}: {PolicyKeys.ServiceKeyHelp(key)}");
            }
            if (service is not null)
            {
                CheckService(errors, $"{source}:Services:{key}", service);
            }
        }
    }

    private static void CheckMethod(List<string> errors, string path, GrpcMethodPolicyOptions o)
    {
        Positive(errors, path, nameof(o.Timeout), o.Timeout);
        Positive(errors, path, nameof(o.TotalTimeout), o.TotalTimeout);
        Positive(errors, path, nameof(o.RetryMaxDelay), o.RetryMaxDelay);
        if (o.StreamingTimeout < TimeSpan.Zero)
        {
            errors.Add($"{path}:StreamingTimeout is {o.StreamingTimeout}: give a positive duration, or 00:00:00 for no deadline.");
        }
        if (o.RetryBaseDelay < TimeSpan.Zero || o.RetryBaseDelay > PolicyLimits.MaxDelay)
        {
            errors.Add($"{path}:RetryBaseDelay is {o.RetryBaseDelay}: give zero to {PolicyLimits.MaxDelay}, such as 00:00:00.100.");
        }
        if (o.RetryMaxDelay > PolicyLimits.MaxDelay)
        {
            errors.Add($"{path}:RetryMaxDelay is {o.RetryMaxDelay}: give at most {PolicyLimits.MaxDelay}.");
        }
        if (o.MaxRetries is < 0 or > PolicyLimits.MaxRetries)
        {
            errors.Add($"{path}:MaxRetries is {o.MaxRetries}: give 0 to {PolicyLimits.MaxRetries}.");
        }
        foreach (var status in o.RetryableStatuses ?? [])
        {
            if (status is StatusCode.OK or StatusCode.Cancelled || !Enum.IsDefined(status))
            {
                errors.Add($"{path}:RetryableStatuses holds {status}: OK and Cancelled cannot be retried; use names such as Unavailable or ResourceExhausted.");
                break;
            }
        }
    }

    private static void CheckService(List<string> errors, string path, GrpcServicePolicyOptions o)
    {
        if (o.MaxConcurrentCalls < 0)
        {
            errors.Add($"{path}:MaxConcurrentCalls is {o.MaxConcurrentCalls}: give a positive number, or 0 for no limit.");
        }
        if (o.MaxQueuedCalls < 0)
        {
            errors.Add($"{path}:MaxQueuedCalls is {o.MaxQueuedCalls}: give 0 (reject at once when full) or more.");
        }
        if (o.RejectionStatus is { } status && status is not (StatusCode.ResourceExhausted or StatusCode.Unavailable))
        {
            errors.Add($"{path}:RejectionStatus is {status}: give ResourceExhausted or Unavailable.");
        }
        if (o.CircuitBreaker is { } b)
        {
            var bpath = path + ":CircuitBreaker";
            if (b.FailureRatio is { } ratio && !(ratio > 0 && ratio <= 1))
            {
                errors.Add($"{bpath}:FailureRatio is {ratio}: give a share in (0, 1], e.g. 0.5.");
            }
            if (b.MinimumThroughput < PolicyLimits.MinBreakerThroughput)
            {
                errors.Add($"{bpath}:MinimumThroughput is {b.MinimumThroughput}: give {PolicyLimits.MinBreakerThroughput} or more.");
            }
            Between(errors, bpath, nameof(b.SamplingDuration), b.SamplingDuration, PolicyLimits.MinBreakerDuration, PolicyLimits.MaxDelay);
            Between(errors, bpath, nameof(b.BreakDuration), b.BreakDuration, PolicyLimits.MinBreakerDuration, PolicyLimits.MaxDelay);
            if (b.FailureStatuses?.Contains(StatusCode.OK) == true)
            {
                errors.Add($"{bpath}:FailureStatuses holds OK: a success cannot count as a failure.");
            }
        }
    }

    private static void Positive(List<string> errors, string path, string setting, TimeSpan? value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{path}:{setting} is {value}: give a positive duration such as 00:00:05.");
        }
    }

    private static void Between(List<string> errors, string path, string setting, TimeSpan? value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{path}:{setting} is {value}: give {min} to {max}.");
        }
    }
}
