namespace Mmo.Resilience.Internal;

/// <summary>The keys policies are declared under, and the order they are looked up in.</summary>
internal static class PolicyKeys
{
    public const string Any = "*";
    public const string AnyMethod = "*/*";

    /// <summary><c>service/method</c>, <c>service/*</c> or <c>*/*</c>; <c>*/method</c> is not a key (a method name means nothing without its service).</summary>
    public static bool IsValidMethodKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1 || key.IndexOf('/', slash + 1) >= 0)
        {
            return false;
        }
        var service = key.AsSpan(0, slash);
        var method = key.AsSpan(slash + 1);
        if (service is Any)
        {
            return method is Any;
        }
        return !service.ContainsAny(' ', '*') && !method.Contains(' ') && (method is Any || !method.Contains('*'));
    }

    public static bool IsValidServiceKey(string? key) =>
        !string.IsNullOrWhiteSpace(key) && (key == Any || (!key.Contains('/') && !key.Contains('*') && !key.Contains(' ')));

    public static string MethodKeyHelp(string? key) =>
        $"'{key}' is not a method policy key: use 'package.Service/Method', 'package.Service/*' or '*/*' (e.g. 'mmo.auth.v1.Auth/ValidateSession').";

    public static string ServiceKeyHelp(string? key) =>
        $"'{key}' is not a service policy key: use the fully qualified service name (e.g. 'mmo.auth.v1.Auth') or '*'.";

    /// <summary>The method keys that apply to a method, widest first: <c>*/*</c>, <c>service/*</c>, <c>service/method</c>.</summary>
    public static string[] MethodLayers(string serviceName, string methodName) =>
        [AnyMethod, serviceName + "/" + Any, serviceName + "/" + methodName];

    /// <summary>The service keys that apply to a service, widest first.</summary>
    public static string[] ServiceLayers(string serviceName) => [Any, serviceName];
}
