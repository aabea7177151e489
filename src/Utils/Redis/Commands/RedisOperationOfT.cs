using System.Buffers;
using System.Threading.Tasks.Sources;
using Mmo.Redis.Protocol;

namespace Mmo.Redis.Commands;

/// <summary>A pooled <see cref="RedisOperation"/> whose caller awaits a <see cref="ValueTask{T}"/> of the parsed reply.</summary>
internal sealed class RedisOperation<T> : RedisOperation, IValueTaskSource<T>
{
    private static readonly OperationPool<RedisOperation<T>> Pool = new(capacity: 1024);

    // RunContinuationsAsynchronously stays false: Signal already runs on a thread-pool thread of its own.
    private ManualResetValueTaskSourceCore<T> _core;
    private ReplyParser<T> _parser = null!;
    private T? _result;
    private Exception? _error;

    private RedisOperation()
    {
    }

    /// <summary>Rents an operation and writes the command's header; the caller then writes exactly <paramref name="argumentCount"/> arguments.</summary>
    public static RedisOperation<T> Create(CommandName command, int argumentCount, ReplyParser<T> parser)
    {
        var operation = Pool.TryRent() ?? new RedisOperation<T>();
        operation._parser = parser;
        operation.Start(command, argumentCount);
        return operation;
    }

    /// <summary>The caller's view of the operation; await it once.</summary>
    public ValueTask<T> AsValueTask() => new(this, _core.Version);

    public override void CompleteWithReply(in ReadOnlySequence<byte> frame)
    {
        if (IsCompleted)
        {
            return;
        }

        T? result = default;
        Exception? error = null;
        try
        {
            if (frame.FirstSpan[0] == (byte)RespType.Error)
            {
                error = new RedisServerException(RespReader.ReadErrorText(frame));
            }
            else
            {
                var reader = new SequenceReader<byte>(frame);
                result = _parser.Parse(ref reader);
            }
        }
        catch (RedisProtocolException ex)
        {
            error = ex;
        }

        if (TryBeginCompletion())
        {
            _result = result;
            _error = error;
            Dispatch();
        }
    }

    public T GetResult(short token)
    {
        // Checked before the try: a wrong token must not release the operation a second time.
        if (token != _core.Version)
        {
            throw new InvalidOperationException("A Redis command's ValueTask was awaited twice.");
        }

        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    protected override void SetError(Exception error) => _error = error;

    protected override void Signal()
    {
        if (_error is { } error)
        {
            _core.SetException(error);
        }
        else
        {
            _core.SetResult(_result!);
        }
    }

    protected override void ReturnToPool()
    {
        _core.Reset();
        _result = default;
        _error = null;
        _parser = null!;
        Pool.Return(this);
    }
}
