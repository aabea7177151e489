using Grpc.Core;

namespace Mmo.Grpc.Server.Internal;

/// <summary>The request stream of a client-streaming or duplex call.</summary>
internal sealed class ServerStreamReader<TRequest>(ServerCall call, Marshaller<TRequest> marshaller) : IAsyncStreamReader<TRequest>
    where TRequest : class
{
    private TRequest? _current;
    private bool _reading;

    public TRequest Current => _current ?? throw new InvalidOperationException("No current message: call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (_reading)
        {
            throw new InvalidOperationException("A read is already in progress: reads must not overlap.");
        }
        _reading = true;
        try
        {
            var callToken = call.CancellationToken;
            using var linked = cancellationToken.CanBeCanceled && cancellationToken != callToken
                ? CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken)
                : null;
            _current = await call.ReadMessageAsync(marshaller, linked?.Token ?? callToken).ConfigureAwait(false);
            return _current is not null;
        }
        finally
        {
            _reading = false;
        }
    }
}
