using Microsoft.Extensions.Options;

namespace Mmo.Metrics.Internal;

/// <summary>Reports bad histogram buckets at start-up with the instrument's name, rather than at the first histogram.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options) =>
        options.TryValidateBuckets(out var error) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error!);
}
