using System.Buffers;
using Mmo.Redis.Protocol;

namespace Mmo.Redis.Commands;

/// <summary>
/// One command in flight: its encoded bytes, its deadline, and the awaitable its caller waits on. Pooled per
/// result type (<see cref="RedisOperation{T}"/>), so a command allocates nothing but its result.
/// </summary>
/// <remarks>
/// Two parties hold an operation: the caller until it has read the result, and the connection until the reply
/// has been read off the wire (or the connection died). Either may finish first - a caller that timed out leaves
/// while its reply is still due - so the operation returns to the pool when the last reference is released.
/// Completion happens once, whoever comes first: the reply, the timeout sweep, the caller's token, or the
/// connection failing. The caller's continuation then runs on the thread pool, never on the connection's reader.
/// </remarks>
internal abstract class RedisOperation : IThreadPoolWorkItem
{
    private const int Waiting = 0;
    private const int Completed = 1;
    private const int Queued = 0;
    private const int Written = 1;
    private const int Skipped = 2;

    private int _state;
    private int _writeState;
    private int _references;
    private CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;

    public CommandBuffer Buffer { get; } = new();

    public CommandName Command { get; private set; } = null!;

    /// <summary>When the caller stops waiting, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long Deadline { get; set; }

    public bool IsCompleted => Volatile.Read(ref _state) == Completed;

    /// <summary>Whether the writer dropped the command unsent because its caller had already gone.</summary>
    public bool IsSkipped => Volatile.Read(ref _writeState) == Skipped;

    public bool IsWritten => Volatile.Read(ref _writeState) == Written;

    public void Write(ReadOnlySpan<byte> argument) => RespWriter.WriteBulk(Buffer, argument);

    public void Write(string argument) => RespWriter.WriteBulk(Buffer, argument);

    public void Write(long argument) => RespWriter.WriteBulk(Buffer, argument);

    /// <summary>Links the caller's token; call before the operation is queued.</summary>
    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return;
        }

        _cancellationToken = cancellationToken;
        _registration = cancellationToken.UnsafeRegister(
            static (state, token) => ((RedisOperation)state!).OnCanceled(token), this);
    }

    /// <summary>Called by the writer just before sending: false (and never sent) if the caller already gave up.</summary>
    public bool TryMarkWritten()
    {
        var written = !IsCompleted;
        Volatile.Write(ref _writeState, written ? Written : Skipped);
        return written;
    }

    /// <summary>Completes the caller's wait with an error, unless it already completed.</summary>
    public bool TryFail(Exception error)
    {
        if (!TryBeginCompletion())
        {
            return false;
        }

        SetError(error);
        Dispatch();
        return true;
    }

    /// <summary>Completes the caller's wait with the reply, parsed while <paramref name="frame"/> is still valid.</summary>
    public abstract void CompleteWithReply(in ReadOnlySequence<byte> frame);

    /// <summary>Taken by the connection when it queues the operation, and by a pending dispatch.</summary>
    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _registration.Unregister();
            _registration = default;
            _cancellationToken = default;
            Buffer.Clear();
            ReturnToPool();
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        Signal();
        Release();
    }

    protected void Start(CommandName command, int argumentCount)
    {
        Command = command;
        _references = 1;
        _state = Waiting;
        _writeState = Queued;
        RespWriter.WriteArrayHeader(Buffer, command.WordCount + argumentCount);
        RespWriter.WriteRaw(Buffer, command.Encoded);
    }

    protected bool TryBeginCompletion()
    {
        if (Interlocked.CompareExchange(ref _state, Completed, Waiting) != Waiting)
        {
            return false;
        }

        // Unregister, not Dispose: Dispose would wait for a callback running on another thread.
        _registration.Unregister();
        return true;
    }

    /// <summary>
    /// Runs the caller's continuation on the thread pool, so a slow caller cannot stall the reader. The queued work
    /// item holds a reference of its own: the operation cannot be pooled and reused before it has run.
    /// </summary>
    protected void Dispatch()
    {
        AddReference();
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    protected abstract void SetError(Exception error);

    /// <summary>Hands the stored result or error to the awaiting caller (on the thread pool).</summary>
    protected abstract void Signal();

    protected abstract void ReturnToPool();

    private void OnCanceled(CancellationToken token)
    {
        // A late callback of a token that belonged to an earlier use of this pooled object is ignored.
        if (token == _cancellationToken)
        {
            TryFail(new OperationCanceledException($"The Redis command {Command.Name} was canceled.", token));
        }
    }
}
