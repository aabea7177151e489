using Microsoft.Extensions.Configuration;

namespace Mmo.Discovery.Tests.Infrastructure;

/// <summary>Configuration a test replaces at run time, raising the reload token as a changed appsettings file would.</summary>
internal sealed class MutableConfigurationSource : IConfigurationSource
{
    public MutableConfigurationProvider Provider { get; } = new();

    public IConfigurationProvider Build(IConfigurationBuilder builder) => Provider;

    public sealed class MutableConfigurationProvider : ConfigurationProvider
    {
        /// <summary>Replaces every key with <paramref name="values"/> and signals the change.</summary>
        public void Replace(IDictionary<string, string?> values)
        {
            Data = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);
            OnReload();
        }
    }
}
