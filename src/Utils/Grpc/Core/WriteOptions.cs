namespace Grpc.Core;

/// <summary>Flags for one message write.</summary>
[Flags]
public enum WriteFlags
{
    /// <summary>The write may be buffered: the runtime need not flush it at once.</summary>
    BufferHint = 0x1,
    /// <summary>Do not compress this message, even when the call compresses.</summary>
    NoCompress = 0x2,
}

/// <summary>Options of a message write.</summary>
public class WriteOptions
{
    /// <summary>No flags.</summary>
    public static readonly WriteOptions Default = new();

    public WriteOptions(WriteFlags flags = default) => Flags = flags;

    public WriteFlags Flags { get; }
}
