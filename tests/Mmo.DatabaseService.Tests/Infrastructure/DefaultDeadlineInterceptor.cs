using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Mmo.DatabaseService.Tests.Infrastructure;

/// <summary>Gives every test call a deadline unless it set one, so a hung server fails the test instead of the run.</summary>
internal sealed class DefaultDeadlineInterceptor(TimeSpan deadline) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (context.Options.Deadline is null)
        {
            context = new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow + deadline));
        }
        return continuation(request, context);
    }
}
