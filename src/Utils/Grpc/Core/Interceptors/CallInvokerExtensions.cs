namespace Grpc.Core.Interceptors;

/// <summary>Adds interceptors to a call invoker.</summary>
public static class CallInvokerExtensions
{
    /// <summary>Wraps the invoker with one interceptor.</summary>
    public static CallInvoker Intercept(this CallInvoker invoker, Interceptor interceptor)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(interceptor);
        return new InterceptingCallInvoker(invoker, interceptor);
    }

    /// <summary>Wraps the invoker with several; the first one listed runs first.</summary>
    public static CallInvoker Intercept(this CallInvoker invoker, params Interceptor[] interceptors)
    {
        ArgumentNullException.ThrowIfNull(interceptors);
        for (var i = interceptors.Length - 1; i >= 0; i--)
        {
            invoker = invoker.Intercept(interceptors[i]);
        }
        return invoker;
    }

    /// <summary>Lets a function rewrite every call's request headers.</summary>
    public static CallInvoker Intercept(this CallInvoker invoker, Func<Metadata, Metadata> interceptor) =>
        invoker.Intercept(new MetadataInterceptor(interceptor));
}

/// <summary>Adds interceptors to a channel's invoker.</summary>
public static class ChannelExtensions
{
    public static CallInvoker Intercept(this ChannelBase channel, params Interceptor[] interceptors) =>
        channel.CreateCallInvoker().Intercept(interceptors);
}
