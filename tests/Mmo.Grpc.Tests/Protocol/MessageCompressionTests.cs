using System.Buffers;
using Mmo.Grpc.Internal;

namespace Mmo.Grpc.Tests.Protocol;

/// <summary>gzip compression helpers and grpc-accept-encoding parsing.</summary>
public class MessageCompressionTests
{
    [Fact]
    public void Compress_ThenDecompress_RoundTrips()
    {
        var data = new byte[70_000];
        new Random(1).NextBytes(data);

        Assert.Equal(data, MessageCompression.Decompress(new ReadOnlySequence<byte>(MessageCompression.Compress(data)), data.Length));
        Assert.Null(MessageCompression.Decompress(new ReadOnlySequence<byte>(MessageCompression.Compress(data)), data.Length - 1));
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("identity,gzip", true)]
    [InlineData("identity, deflate, gzip", true)]
    [InlineData("GZIP", true)]
    [InlineData("identity", false)]
    [InlineData("gzipx", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void AcceptsGzip_AcceptEncodingList_ParsedByToken(string? header, bool expected)
    {
        Assert.Equal(expected, MessageCompression.AcceptsGzip(header));
    }
}
