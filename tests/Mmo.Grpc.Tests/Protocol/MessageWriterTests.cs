using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Internal;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Protocol;

/// <summary>Framing of outgoing messages by MessageWriter: header, payload, compression, limits, marshaller contracts.</summary>
public class MessageWriterTests
{
    [Theory]
    [MemberData(nameof(TestMarshallers.Names), MemberType = typeof(TestMarshallers))]
    public void Write_Message_FlagLengthThenPayload(string marshaller)
    {
        var message = new SimpleRequest { Payload = ByteString.CopyFromUtf8("hello"), ResponseSize = 3 };
        var output = new ArrayBufferWriter<byte>();

        new MessageWriter(1024).Write(output, TestMarshallers.Of(marshaller), message, compress: false);

        var bytes = output.WrittenSpan;
        Assert.Equal(0, bytes[0]);
        Assert.Equal((uint)message.CalculateSize(), BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]));
        Assert.Equal(message.ToByteArray(), bytes[5..].ToArray());
    }

    [Theory]
    [MemberData(nameof(TestMarshallers.Names), MemberType = typeof(TestMarshallers))]
    public void Write_EmptyMessage_FiveByteHeaderOnly(string marshaller)
    {
        var output = new ArrayBufferWriter<byte>();

        new MessageWriter(1024).Write(output, TestMarshallers.Of(marshaller), new SimpleRequest(), compress: false);

        Assert.Equal(new byte[] { 0, 0, 0, 0, 0 }, output.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(TestMarshallers.Names), MemberType = typeof(TestMarshallers))]
    public void Write_Compressed_FlagSetAndPayloadInflatesBack(string marshaller)
    {
        var message = new SimpleRequest { Payload = ByteString.CopyFrom(new byte[10_000]) };
        var output = new ArrayBufferWriter<byte>();

        new MessageWriter(1024 * 1024).Write(output, TestMarshallers.Of(marshaller), message, compress: true);

        var bytes = output.WrittenSpan.ToArray();
        Assert.Equal(1, bytes[0]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1));
        Assert.Equal(bytes.Length - 5, (int)length);
        Assert.True(length < 1000);
        var inflated = MessageCompression.Decompress(new ReadOnlySequence<byte>(bytes, 5, (int)length), 1024 * 1024);
        Assert.Equal(message.ToByteArray(), inflated);
    }

    [Theory]
    [MemberData(nameof(TestMarshallers.Names), MemberType = typeof(TestMarshallers))]
    public void Write_OverLimit_ResourceExhaustedAndNothingWritten(string marshaller)
    {
        var output = new ArrayBufferWriter<byte>();

        var ex = Assert.Throws<RpcException>(() => new MessageWriter(100).Write(output, TestMarshallers.Of(marshaller), new SimpleRequest { Payload = ByteString.CopyFrom(new byte[200]) }, compress: false));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Write_SameWriterSeveralMessages_EachFramedIndependently()
    {
        var writer = new MessageWriter(1024 * 1024);
        var output = new ArrayBufferWriter<byte>();
        var messages = new[] { new SimpleRequest { ResponseSize = 1 }, new SimpleRequest { Payload = ByteString.CopyFrom(new byte[5000]) }, new SimpleRequest() };

        foreach (var message in messages)
        {
            writer.Write(output, TestMarshallers.UnannouncedMarshaller, message, compress: true);
            writer.Write(output, TestMarshallers.ContextualMarshaller, message, compress: false);
        }

        var reader = new MessageReader(1024 * 1024, "gzip");
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        var read = new List<SimpleRequest>();
        while (reader.TryReadFrame(ref buffer, out var compressed, out var payload))
        {
            read.Add(reader.Deserialize(TestMarshallers.ContextualMarshaller, compressed, payload));
        }
        Assert.Equal(messages.SelectMany(m => new[] { m, m }), read);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Write_SerializerNeverCompletes_InvalidOperation()
    {
        var broken = Marshallers.Create<SimpleRequest>((message, context) => context.GetBufferWriter(), _ => new SimpleRequest());

        Assert.Throws<InvalidOperationException>(() => new MessageWriter(100).Write(new ArrayBufferWriter<byte>(), broken, new SimpleRequest(), compress: false));
    }

    [Fact]
    public void Write_SerializerWritesOtherLengthThanAnnounced_InvalidOperation()
    {
        var lying = Marshallers.Create<SimpleRequest>(
            (message, context) =>
            {
                context.SetPayloadLength(10);
                context.GetBufferWriter().Write(new byte[3]);
                context.Complete();
            },
            _ => new SimpleRequest());

        Assert.Throws<InvalidOperationException>(() => new MessageWriter(100).Write(new ArrayBufferWriter<byte>(), lying, new SimpleRequest(), compress: false));
    }
}
