using System.Buffers;

namespace Grpc.Core;

/// <summary>Collects a contextual serializer's output into one array (used by <see cref="Marshaller{T}.Serializer"/>).</summary>
internal sealed class ArraySerializationContext : SerializationContext
{
    private byte[]? _payload;
    private ArrayBufferWriter<byte>? _writer;

    public override void Complete(byte[] payload) => _payload = payload;

    public override IBufferWriter<byte> GetBufferWriter() => _writer ??= new ArrayBufferWriter<byte>();

    public override void Complete() => _payload = _writer?.WrittenSpan.ToArray() ?? [];

    public byte[] GetPayload() => _payload ?? throw new InvalidOperationException("The serializer did not complete the message.");
}

/// <summary>Presents an array as a payload (used by <see cref="Marshaller{T}.Deserializer"/>).</summary>
internal sealed class ArrayDeserializationContext(byte[] payload) : DeserializationContext
{
    public override int PayloadLength => payload.Length;

    public override byte[] PayloadAsNewBuffer() => (byte[])payload.Clone();

    public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(payload);
}
