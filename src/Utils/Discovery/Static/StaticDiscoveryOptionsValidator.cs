using Microsoft.Extensions.Options;

namespace Mmo.Discovery.Static;

/// <summary>Every static address must be an absolute http(s) URI with a host (port optional: 80 or 443).</summary>
internal sealed class StaticDiscoveryOptionsValidator : IValidateOptions<StaticDiscoveryOptions>
{
    public ValidateOptionsResult Validate(string? name, StaticDiscoveryOptions options)
    {
        List<string>? failures = null;
        foreach (var (service, addresses) in options.Services)
        {
            for (var i = 0; i < addresses.Count; i++)
            {
                if (!TryParse(addresses[i], out _))
                {
                    (failures ??= []).Add($"{StaticDiscoveryOptions.SectionName}:Services:{service}:{i} = '{addresses[i]}' must be an absolute http:// or https:// address, such as http://127.0.0.1:5101.");
                }
            }
        }
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool TryParse(string? value, out Uri address)
    {
        address = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath != "/")
        {
            return false;
        }
        address = uri;
        return true;
    }
}
