using System.Buffers;
using System.Text;
using Mmo.Redis.Protocol;

namespace Mmo.Redis.Tests.Protocol;

public sealed class RespReaderTests
{
    private const string Nested = "*4\r\n+OK\r\n:-42\r\n*3\r\n$5\r\nhe\r\nl\r\n$-1\r\n*2\r\n:1\r\n*-1\r\n-ERR inner\r\n";

    [Theory]
    [InlineData("+OK\r\n")]
    [InlineData("-ERR unknown command\r\n")]
    [InlineData(":9223372036854775807\r\n")]
    [InlineData("$3\r\nfoo\r\n")]
    [InlineData("$0\r\n\r\n")]
    [InlineData("$-1\r\n")]
    [InlineData("*0\r\n")]
    [InlineData("*-1\r\n")]
    [InlineData(Nested)]
    public void TrySkipReply_CompleteReply_ConsumesExactlyIt(string reply)
    {
        var bytes = Encoding.ASCII.GetBytes(reply + "+NEXT\r\n");
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));

        Assert.True(RespReader.TrySkipReply(ref reader));
        Assert.Equal(reply.Length, reader.Consumed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("+OK")]
    [InlineData("+OK\r")]
    [InlineData(":12")]
    [InlineData("$3\r\nfo")]
    [InlineData("$3\r\nfoo\r")]
    [InlineData("$10")]
    [InlineData("*2\r\n:1\r\n")]
    [InlineData("*2\r\n*1\r\n$1\r\nx\r\n")]
    public void TrySkipReply_IncompleteReply_ReturnsFalse(string partial)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(partial)));

        Assert.False(RespReader.TrySkipReply(ref reader));
    }

    [Theory]
    [InlineData("?what\r\n")]
    [InlineData("$abc\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("$3\r\nfooXY")]
    [InlineData(":99999999999999999999\r\n")]
    [InlineData(":\r\n")]
    [InlineData("*-5\r\n")]
    [InlineData(":12\rX")]
    public void TrySkipReply_MalformedReply_ThrowsProtocolException(string malformed)
    {
        var bytes = Encoding.ASCII.GetBytes(malformed);

        Assert.Throws<RedisProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            RespReader.TrySkipReply(ref reader);
        });
    }

    [Fact]
    public void TrySkipReply_SplitAtEveryByte_FindsTheSameReplyAndValues()
    {
        var bytes = Encoding.ASCII.GetBytes(Nested);
        for (var first = 1; first < bytes.Length; first++)
        {
            for (var second = first; second < bytes.Length; second += 7)
            {
                var sequence = Segments.Split(bytes, first, second);
                var reader = new SequenceReader<byte>(sequence);
                Assert.True(RespReader.TrySkipReply(ref reader));
                Assert.Equal(bytes.Length, reader.Consumed);

                reader = new SequenceReader<byte>(sequence);
                Assert.Equal("[OK, -42, [he\r\nl, (nil), [1, (nil)]], (error) ERR inner]", RespReader.ReadResult(ref reader).ToString());
            }
        }
    }

    [Fact]
    public void TrySkipReply_SplitPrefixOfEveryLength_WaitsForTheRest()
    {
        var bytes = Encoding.ASCII.GetBytes(Nested);
        for (var length = 0; length < bytes.Length; length++)
        {
            var reader = new SequenceReader<byte>(Segments.Split(bytes[..length], length / 2));
            Assert.False(RespReader.TrySkipReply(ref reader));
        }
    }

    [Fact]
    public void ReadResult_NestedArrays_BuildsTree()
    {
        var reader = Reader(Nested);

        var result = RespReader.ReadResult(ref reader);

        Assert.Equal(RedisResultType.Array, result.Type);
        Assert.Equal("OK", result[0].AsString());
        Assert.Equal(-42, result[1].AsInt64());
        Assert.Equal("he\r\nl", result[2][0].AsString());
        Assert.True(result[2][1].IsNull);
        Assert.Equal(1, result[2][2][0].AsInt64());
        Assert.True(result[2][2][1].IsNull);
        Assert.Equal(RedisResultType.Error, result[3].Type);
        Assert.Equal("ERR inner", result[3].AsString());
    }

    [Fact]
    public void ReadBulkBytes_NullBulk_ReturnsNull()
    {
        var reader = Reader("$-1\r\n");

        Assert.Null(RespReader.ReadBulkBytes(ref reader));
    }

    [Fact]
    public void ReadBulkString_Utf8_Decodes()
    {
        var payload = Encoding.UTF8.GetBytes("héllo wörld ✓");
        var bytes = Encoding.ASCII.GetBytes($"${payload.Length}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        var reader = new SequenceReader<byte>(Segments.Split(bytes, 5, 7));

        Assert.Equal("héllo wörld ✓", RespReader.ReadBulkString(ref reader));
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(0)]
    [InlineData(-1)]
    public void ReadInteger_Extremes_RoundTrip(long value)
    {
        var reader = Reader($":{value}\r\n");

        Assert.Equal(value, RespReader.ReadInteger(ref reader));
    }

    [Fact]
    public void ReadInteger_BulkReply_ThrowsProtocolExceptionNamingTypes()
    {
        var error = Assert.Throws<RedisProtocolException>(() =>
        {
            var reader = Reader("$1\r\n5\r\n");
            return RespReader.ReadInteger(ref reader);
        });
        Assert.Contains("bulk string where an integer was expected", error.Message);
    }

    [Fact]
    public void ReadErrorText_ErrorReply_ReturnsMessageWithoutPrefix()
    {
        var text = RespReader.ReadErrorText(new ReadOnlySequence<byte>("-WRONGTYPE Operation against a key\r\n"u8.ToArray()));

        Assert.Equal("WRONGTYPE Operation against a key", text);
    }

    [Fact]
    public void TrySkipReply_BigBulkStringAcrossSegments_SkipsByLengthAndReadsBack()
    {
        var payload = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(payload);
        payload[0] = (byte)'\r';
        payload[1] = (byte)'\n';
        payload[^1] = 0;
        var bytes = Encoding.ASCII.GetBytes($"${payload.Length}\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        var sequence = Segments.Split(bytes, 3, 4096, 1024 * 1024, 2 * 1024 * 1024, bytes.Length - 1);

        var reader = new SequenceReader<byte>(sequence);
        Assert.True(RespReader.TrySkipReply(ref reader));
        Assert.Equal(bytes.Length, reader.Consumed);

        reader = new SequenceReader<byte>(sequence.Slice(0, sequence.Length - 1));
        Assert.False(RespReader.TrySkipReply(ref reader));

        reader = new SequenceReader<byte>(sequence);
        Assert.Equal(payload, RespReader.ReadBulkBytes(ref reader));
    }

    private static SequenceReader<byte> Reader(string reply) =>
        new(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(reply)));
}
