using Grpc.Core;
using Grpc.Core.Interceptors;
using Mmo.ServiceDefaults.InternalAuth;

namespace Mmo.CharacterService.Tests.Infrastructure;

/// <summary>Gives every test call a deadline (a hung server fails the test, not the run) and, when asked, the internal key.</summary>
internal sealed class TestCallInterceptor(TimeSpan deadline, bool internalKey) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var options = context.Options;
        if (options.Deadline is null)
        {
            options = options.WithDeadline(DateTime.UtcNow + deadline);
        }
        if (internalKey)
        {
            var headers = options.Headers ?? new Metadata();
            headers.Add(InternalAuthOptions.HeaderName, InternalAuthOptions.DevelopmentKey);
            options = options.WithHeaders(headers);
        }
        return continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options));
    }
}
