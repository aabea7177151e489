using Grpc.Core;
using Mmo.ServiceDefaults.Grpc;

namespace Mmo.ServiceDefaults.Correlation;

/// <summary>Adds the current correlation id (or a new one) to every outgoing call's metadata.</summary>
public sealed class CorrelationClientInterceptor : HeaderClientInterceptor
{
    protected override void AddHeaders(Metadata headers)
    {
        if (headers.Get(CorrelationContext.HeaderName) is null)
        {
            headers.Add(CorrelationContext.HeaderName, CorrelationContext.Current ?? CorrelationContext.NewId());
        }
    }
}
