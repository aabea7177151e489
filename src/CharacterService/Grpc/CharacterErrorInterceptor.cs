using Grpc.Core;
using Grpc.Core.Interceptors;
using Mmo.CharacterService.Diagnostics;
using Mmo.CharacterService.Features.Characters;

namespace Mmo.CharacterService.Grpc;

/// <summary>
/// The one place calls get their error status. Rule violations (<see cref="CharacterException"/>) become
/// INVALID_ARGUMENT or ALREADY_EXISTS with the rule as the message. Handlers never throw RpcException
/// themselves, so one that reaches here came from the DatabaseService: its rule statuses (NOT_FOUND,
/// ALREADY_EXISTS, FAILED_PRECONDITION) pass on, an outage becomes UNAVAILABLE, anything else INTERNAL
/// (input is checked here first, so the data API refusing it is a bug worth an Error log).
/// </summary>
internal sealed class CharacterErrorInterceptor(ILogger<CharacterErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (CharacterException ex)
        {
            CharacterLog.Refused(logger, context.Method, ex.Message);
            var code = ex.Error == CharacterError.NameTaken ? StatusCode.AlreadyExists : StatusCode.InvalidArgument;
            throw new RpcException(new Status(code, ex.Message));
        }
        catch (RpcException ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw Map(context.Method, ex);
        }
    }

    private RpcException Map(string method, RpcException ex)
    {
        switch (ex.StatusCode)
        {
            case StatusCode.NotFound:
                CharacterLog.DataStatus(logger, method, ex.StatusCode);
                // CreateCharacter's only NOT_FOUND is an account the database does not know.
                return new RpcException(new Status(StatusCode.NotFound, method.EndsWith("/CreateCharacter", StringComparison.Ordinal) ? "No such account." : "No such character on this account."));
            case StatusCode.AlreadyExists:
                CharacterLog.DataStatus(logger, method, ex.StatusCode);
                return new RpcException(new Status(StatusCode.AlreadyExists, "That name is taken."));
            case StatusCode.FailedPrecondition:
                CharacterLog.DataStatus(logger, method, ex.StatusCode);
                return new RpcException(new Status(StatusCode.FailedPrecondition, ex.Status.Detail));
            case StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.ResourceExhausted or StatusCode.Cancelled:
                CharacterLog.DataUnavailable(logger, method, ex.StatusCode, ex);
                return new RpcException(new Status(StatusCode.Unavailable, "Character storage is unavailable; retry later."));
            default:
                CharacterLog.DataFailed(logger, method, ex.StatusCode, ex);
                return new RpcException(new Status(StatusCode.Internal, "The character request failed."));
        }
    }
}
