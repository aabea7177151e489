using Grpc.Core;
using Microsoft.Extensions.Options;
using Mmo.ServiceDefaults.Grpc;

namespace Mmo.ServiceDefaults.InternalAuth;

/// <summary>Adds the internal key to every call this service makes to another.</summary>
public sealed class InternalAuthClientInterceptor(IOptions<InternalAuthOptions> options) : HeaderClientInterceptor
{
    private readonly string _key = options.Value.EffectiveKey;

    protected override void AddHeaders(Metadata headers)
    {
        if (headers.Get(InternalAuthOptions.HeaderName) is null)
        {
            headers.Add(InternalAuthOptions.HeaderName, _key);
        }
    }
}
