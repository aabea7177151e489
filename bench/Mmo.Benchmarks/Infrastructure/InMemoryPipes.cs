using System.Buffers;
using System.IO.Pipelines;

namespace Mmo.Benchmarks.Infrastructure;

/// <summary>A request body that holds one prebuilt frame and then ends, readable again after <see cref="Reset"/>.</summary>
internal sealed class FramePipeReader(byte[] frame) : PipeReader
{
    private ReadOnlySequence<byte> _remaining = new(frame);

    public void Reset() => _remaining = new ReadOnlySequence<byte>(frame);

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
        new(new ReadResult(_remaining, isCanceled: false, isCompleted: true));

    public override bool TryRead(out ReadResult result)
    {
        result = new ReadResult(_remaining, isCanceled: false, isCompleted: true);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => _remaining = _remaining.Slice(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => AdvanceTo(consumed);

    public override void CancelPendingRead()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }
}

/// <summary>A response body that counts and forgets what is written, reusing one buffer.</summary>
internal sealed class DiscardingPipeWriter : PipeWriter
{
    private byte[] _buffer = new byte[16 * 1024];
    private int _position;

    public long Written { get; private set; }

    public void Reset()
    {
        _position = 0;
        Written = 0;
    }

    public override void Advance(int bytes)
    {
        _position += bytes;
        Written += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(Reserve(sizeHint));

    public override Span<byte> GetSpan(int sizeHint = 0) => _buffer.AsSpan(Reserve(sizeHint));

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        new(new FlushResult(isCanceled: false, isCompleted: false));

    public override void CancelPendingFlush()
    {
    }

    public override void Complete(Exception? exception = null)
    {
    }

    private int Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            _buffer = new byte[needed];
        }
        if (_buffer.Length - _position < needed)
        {
            _position = 0;
        }
        return _position;
    }
}
