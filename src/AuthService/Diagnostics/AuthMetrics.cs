using System.Diagnostics.Metrics;

namespace Mmo.AuthService.Diagnostics;

/// <summary>The AuthService's own instruments (meter <c>Mmo.Auth</c>; exported as <c>mmo_auth_*</c>).</summary>
internal sealed class AuthMetrics
{
    public const string MeterName = "Mmo.Auth";

    private readonly Counter<long> _logins;
    private readonly Counter<long> _validations;
    private readonly Counter<long> _redisFallbacks;

    public AuthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _logins = meter.CreateCounter<long>("mmo.auth.logins", "{login}", "Login attempts by result: success, invalid, throttled, banned.");
        _validations = meter.CreateCounter<long>("mmo.auth.validations", "{validation}", "Session validations by source: cache, database, external, invalid.");
        _redisFallbacks = meter.CreateCounter<long>("mmo.auth.redis.fallbacks", "{call}", "Redis calls that failed and fell back (cache miss, unthrottled login).");
    }

    public void Login(string result) => _logins.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Validation(string source) => _validations.Add(1, new KeyValuePair<string, object?>("source", source));

    public void RedisFallback() => _redisFallbacks.Add(1);
}
