using System.Buffers;
using System.Text;
using Mmo.Redis.Commands;
using Mmo.Redis.Protocol;

namespace Mmo.Redis.Tests.Protocol;

public sealed class RespWriterTests
{
    [Fact]
    public void WriteCommand_SetKeyValue_MatchesWireFormat()
    {
        var writer = new ArrayBufferWriter<byte>();

        RespWriter.WriteArrayHeader(writer, 3);
        RespWriter.WriteRaw(writer, new CommandName("SET").Encoded);
        RespWriter.WriteBulk(writer, "k");
        RespWriter.WriteBulk(writer, "v"u8);

        Assert.Equal("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n", Encoding.ASCII.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void WriteBulk_BinaryWithNulAndCrLf_IsLengthPrefixedVerbatim()
    {
        var writer = new ArrayBufferWriter<byte>();

        RespWriter.WriteBulk(writer, "a\0\r\nb"u8);

        Assert.Equal("$5\r\na\0\r\nb\r\n"u8.ToArray(), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteBulk_NonAsciiString_CountsUtf8Bytes()
    {
        var writer = new ArrayBufferWriter<byte>();

        RespWriter.WriteBulk(writer, "héllo");

        Assert.Equal("$6\r\nhéllo\r\n", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Theory]
    [InlineData(long.MinValue, "$20\r\n-9223372036854775808\r\n")]
    [InlineData(0, "$1\r\n0\r\n")]
    [InlineData(1500, "$4\r\n1500\r\n")]
    public void WriteBulk_Integer_WritesDecimalText(long value, string expected)
    {
        var writer = new ArrayBufferWriter<byte>();

        RespWriter.WriteBulk(writer, value);

        Assert.Equal(expected, Encoding.ASCII.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void CommandName_TwoWords_EncodesEachAsBulk()
    {
        var name = new CommandName("SCRIPT LOAD");

        Assert.Equal(2, name.WordCount);
        Assert.Equal("$6\r\nSCRIPT\r\n$4\r\nLOAD\r\n", Encoding.ASCII.GetString(name.Encoded));
    }

    [Fact]
    public void CommandBuffer_ValueLargerThanInitialBuffer_GrowsAndKeepsBytes()
    {
        var buffer = new CommandBuffer();
        var value = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();

        RespWriter.WriteBulk(buffer, "key");
        RespWriter.WriteBulk(buffer, value);

        Assert.Equal(Encoding.ASCII.GetBytes("$3\r\nkey\r\n$100000\r\n").Concat(value).Concat("\r\n"u8.ToArray()), buffer.WrittenSpan.ToArray());
        buffer.Clear();
        Assert.Equal(0, buffer.Length);
    }
}
