using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using Mmo.Grpc.Internal;
using Mmo.Grpc.Tests.Infrastructure;
using Mmo.Testing.V1;

namespace Mmo.Grpc.Tests.Protocol;

/// <summary>Parsing of incoming messages by MessageReader: partial frames, limits, flags, segmented buffers, compression errors.</summary>
public class MessageReaderTests
{
    [Fact]
    public void TryReadFrame_ShorterThanHeader_FalseAndBufferUntouched()
    {
        var reader = new MessageReader(100, null);
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0 });

        Assert.False(reader.TryReadFrame(ref buffer, out _, out _));
        Assert.Equal(3, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_PayloadIncomplete_FalseAndBufferUntouched()
    {
        var reader = new MessageReader(100, null);
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 10, 1, 2, 3 });

        Assert.False(reader.TryReadFrame(ref buffer, out _, out _));
        Assert.Equal(8, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_LengthOverLimit_ThrowsFromHeaderAlone()
    {
        var reader = new MessageReader(4 * 1024 * 1024, null);
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0x7f, 0xff, 0xff, 0xff });

        var ex = Assert.Throws<RpcException>(() => reader.TryReadFrame(ref buffer, out _, out _));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public void TryReadFrame_LengthAtLimit_Accepted()
    {
        var reader = new MessageReader(3, null);
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 3, 7, 8, 9 });

        Assert.True(reader.TryReadFrame(ref buffer, out var compressed, out var payload));

        Assert.False(compressed);
        Assert.Equal(new byte[] { 7, 8, 9 }, payload.ToArray());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(0x80)]
    [InlineData(0xff)]
    public void TryReadFrame_InvalidFlag_Internal(byte flag)
    {
        var reader = new MessageReader(100, null);
        var buffer = new ReadOnlySequence<byte>(new byte[] { flag, 0, 0, 0, 0 });

        Assert.Equal(StatusCode.Internal, Assert.Throws<RpcException>(() => reader.TryReadFrame(ref buffer, out _, out _)).StatusCode);
    }

    [Fact]
    public void TryReadFrame_EverySplitAcrossSegments_ReadsSameMessages()
    {
        var first = new SimpleRequest { Payload = ByteString.CopyFromUtf8("first message"), ResponseSize = 1 };
        var second = new SimpleRequest { Payload = ByteString.CopyFrom(new byte[300]), DelayMs = 2 };
        byte[] wire = [.. Sequences.Frame(first), .. Sequences.Frame(second)];

        for (var split1 = 0; split1 <= wire.Length; split1 += 3)
        {
            for (var split2 = split1; split2 <= wire.Length; split2 += 17)
            {
                var buffer = Sequences.Segments(wire[..split1], wire[split1..split2], wire[split2..]);
                var reader = new MessageReader(1024, null);

                Assert.True(reader.TryReadFrame(ref buffer, out var c1, out var p1));
                var m1 = reader.Deserialize(TestMarshallers.ContextualMarshaller, c1, p1);
                Assert.True(reader.TryReadFrame(ref buffer, out var c2, out var p2));
                var m2 = reader.Deserialize(TestMarshallers.ArrayMarshaller, c2, p2);
                Assert.False(reader.TryReadFrame(ref buffer, out _, out _));

                Assert.Equal(first, m1);
                Assert.Equal(second, m2);
                Assert.Equal(0, buffer.Length);
            }
        }
    }

    [Fact]
    public void TryReadFrame_HeaderSplitOneBytePerSegment_Reads()
    {
        var message = new SimpleRequest { ResponseSize = 77 };
        var wire = Sequences.Frame(message);
        var buffer = Sequences.Segments(wire.Select(b => new[] { b }).ToArray());
        var reader = new MessageReader(1024, null);

        Assert.True(reader.TryReadFrame(ref buffer, out var compressed, out var payload));

        Assert.Equal(message, reader.Deserialize(TestMarshallers.ContextualMarshaller, compressed, payload));
    }

    [Fact]
    public void Deserialize_CompressedWithoutEncoding_Internal()
    {
        var reader = new MessageReader(1024, null);

        var ex = Assert.Throws<RpcException>(() => reader.Deserialize(TestMarshallers.ArrayMarshaller, true, new ReadOnlySequence<byte>(new byte[] { 1 })));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public void Deserialize_CompressedWithIdentityEncoding_Internal()
    {
        var reader = new MessageReader(1024, "identity");

        Assert.Equal(StatusCode.Internal, Assert.Throws<RpcException>(() => reader.Deserialize(TestMarshallers.ArrayMarshaller, true, new ReadOnlySequence<byte>(new byte[] { 1 }))).StatusCode);
    }

    [Fact]
    public void Deserialize_CompressedWithUnknownEncoding_Unimplemented()
    {
        var reader = new MessageReader(1024, "snappy");

        Assert.Equal(StatusCode.Unimplemented, Assert.Throws<RpcException>(() => reader.Deserialize(TestMarshallers.ArrayMarshaller, true, new ReadOnlySequence<byte>(new byte[] { 1 }))).StatusCode);
    }

    [Fact]
    public void Deserialize_GzipInflatingPastLimit_ResourceExhausted()
    {
        var reader = new MessageReader(1000, "gzip");
        var bomb = MessageCompression.Compress(new byte[100_000]);

        Assert.Equal(StatusCode.ResourceExhausted, Assert.Throws<RpcException>(() => reader.Deserialize(TestMarshallers.ArrayMarshaller, true, new ReadOnlySequence<byte>(bomb))).StatusCode);
    }

    [Fact]
    public void Deserialize_CorruptGzip_Internal()
    {
        var reader = new MessageReader(1000, "gzip");

        Assert.Equal(StatusCode.Internal, Assert.Throws<RpcException>(() => reader.Deserialize(TestMarshallers.ArrayMarshaller, true, new ReadOnlySequence<byte>(new byte[] { 1, 2, 3, 4 }))).StatusCode);
    }

    [Fact]
    public void Deserialize_GzipSplitAcrossSegments_Inflates()
    {
        var message = new SimpleRequest { Payload = ByteString.CopyFrom(new byte[4000]) };
        var compressed = MessageCompression.Compress(message.ToByteArray());
        var payload = Sequences.Segments(compressed[..3], compressed[3..10], compressed[10..]);

        var result = new MessageReader(10_000, "GZIP").Deserialize(TestMarshallers.ContextualMarshaller, true, payload);

        Assert.Equal(message, result);
    }

    [Fact]
    public void Deserialize_MarshallerThrows_InternalWithCause()
    {
        var failing = Marshallers.Create<SimpleRequest>(m => [], _ => throw new FormatException("bad"));

        var ex = Assert.Throws<RpcException>(() => new MessageReader(100, null).Deserialize(failing, false, new ReadOnlySequence<byte>(new byte[] { 1 })));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.IsType<FormatException>(ex.Status.DebugException);
    }
}
